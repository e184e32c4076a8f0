package io.sluice.api.connector.sink.builtin;

import io.sluice.api.connector.ConnectorContext;
import io.sluice.api.connector.sink.Sink;
import io.sluice.api.connector.sink.SinkWriter;
import java.io.PrintStream;
import java.util.List;

/**
 * Prints each record to the standard output (or error) of the process its instance runs in, as
 * {@code prefix:<instance + 1>> value} ({@code prefix> value} at parallelism 1). Not transactional:
 * after a restore, lines printed since the last checkpoint are printed again.
 */
public final class PrintSink<T> implements Sink<T, PrintSink.NoState> {

    private static final long serialVersionUID = 1L;

    private final String prefix;
    private final boolean toStandardError;

    /** A print sink checkpoints nothing. */
    public enum NoState { }

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

    /** What goes before the value: "prefix:i> ", "i> ", "prefix> " or "" (i counted from 1). */
    public static String linePrefix(String prefix, int subtaskIndex, int parallelism) {
        boolean hasPrefix = !prefix.isEmpty();
        if (parallelism > 1) {
            return (hasPrefix ? prefix + ":" : "") + (subtaskIndex + 1) + "> ";
        }
        return hasPrefix ? prefix + "> " : "";
    }

    @Override
    public SinkWriter<T, NoState> createWriter(ConnectorContext context, List<NoState> restored) {
        // looked up here, not stored at construction: the process's streams, not the client's
        PrintStream stream = toStandardError ? System.err : System.out;
        String linePrefix = linePrefix(prefix, context.subtaskIndex(), context.parallelism());
        return new SinkWriter<>() {
            @Override
            public void write(T record) {
                stream.println(linePrefix + record);
            }

            @Override
            public List<NoState> prepareCommit(long checkpointId) {
                stream.flush();
                return List.of();
            }

            @Override
            public void commit(long checkpointId) {
            }

            @Override
            public void finish() {
                stream.flush();
            }

            @Override
            public void close() {
            }
        };
    }
}
