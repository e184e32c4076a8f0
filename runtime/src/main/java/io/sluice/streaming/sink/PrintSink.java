package io.sluice.streaming.sink;

import io.sluice.streaming.AbstractStreamOperator;
import io.sluice.streaming.OneInputOperator;
import io.sluice.streaming.StreamRecord;
import java.io.PrintStream;

/**
 * Prints {@code String.valueOf(record)} to the standard output (or error) of the process the task
 * runs in: the TaskManager's {@code .out} file or console, the client's console in a local run.
 *
 * <p>Lines look like {@code prefix:3> value} (subtask 3 of several), {@code 3> value} without a
 * prefix, {@code prefix> value} or just {@code value} at parallelism 1. Each line is written with
 * one {@code println}, so lines of subtasks sharing a process do not interleave within a line.
 */
public final class PrintSink<T> extends AbstractStreamOperator<Void> implements OneInputOperator<T, Void> {

    private static final long serialVersionUID = 1L;

    private final String prefix;
    private final boolean toStandardError;

    private transient PrintStream stream;
    private transient String linePrefix;

    /**
     * @param prefix          put before each line (may be empty or null for none)
     * @param toStandardError print to stderr instead of stdout
     */
    public PrintSink(String prefix, boolean toStandardError) {
        this.prefix = prefix == null ? "" : prefix;
        this.toStandardError = toStandardError;
    }

    public String prefix() {
        return prefix;
    }

    @Override
    public void open() {
        // looked up here, not stored at construction: the process's streams, not the client's
        stream = toStandardError ? System.err : System.out;
        linePrefix = linePrefix(prefix, context.subtaskIndex(), context.parallelism());
    }

    /** What goes before the value: "prefix:i> ", "i> ", "prefix> " or "" (i counted from 1). */
    static String linePrefix(String prefix, int subtaskIndex, int parallelism) {
        boolean hasPrefix = !prefix.isEmpty();
        if (parallelism > 1) {
            return (hasPrefix ? prefix + ":" : "") + (subtaskIndex + 1) + "> ";
        }
        return hasPrefix ? prefix + "> " : "";
    }

    @Override
    public void processElement(StreamRecord<T> record) {
        stream.println(linePrefix + record.getValue());
    }

    @Override
    public void finish() {
        stream.flush();
    }
}
