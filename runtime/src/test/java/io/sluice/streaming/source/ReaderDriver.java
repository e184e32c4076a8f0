package io.sluice.streaming.source;

import io.sluice.api.common.UserCodeSerialization;
import io.sluice.api.connector.source.InputStatus;
import io.sluice.api.connector.source.Source;
import io.sluice.api.connector.source.SourceOutput;
import io.sluice.api.connector.source.SourceReader;
import io.sluice.network.StreamRecord;
import io.sluice.streaming.OperatorContext;
import io.sluice.streaming.Output;
import io.sluice.streaming.SourceOperator;
import io.sluice.streaming.connector.OperatorConnectorContext;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Drives the reader of one parallel instance of a public source by hand, in the order the task's
 * {@code SourceReaderOperator} does, on a serialized copy of the source (as a subtask gets it).
 * {@link #currentPosition()} is what a checkpoint stores; {@link #restorePosition} what a restore hands back.
 */
public final class ReaderDriver<T, S extends Serializable> {

    private final Source<T, S> source;
    private OperatorContext context;
    private Output<T> output;
    private SourceReader<T, S> reader;
    private List<S> restored;

    @SuppressWarnings("unchecked")
    public ReaderDriver(Source<T, S> source) throws Exception {
        this.source = (Source<T, S>) UserCodeSerialization.deserialize(UserCodeSerialization.serialize(source),
                ReaderDriver.class.getClassLoader());
    }

    public void setup(OperatorContext context, Output<T> output) {
        this.context = context;
        this.output = output;
    }

    public void restorePosition(List<S> splits) {
        this.restored = splits;
    }

    public void open() throws Exception {
        reader = source.createReader(new OperatorConnectorContext(context,
                restored != null ? OptionalLong.of(1) : OptionalLong.empty()));
        reader.addSplits(restored != null ? restored
                : source.assignSplits(source.createSplits(context.parallelism()), context.subtaskIndex(), context.parallelism()));
    }

    public SourceOperator.Status emitNext() throws Exception {
        InputStatus status = reader.pollNext(new SourceOutput<>() {
            @Override
            public void collect(T record) {
                collect(new StreamRecord<>(record));
            }

            @Override
            public void collect(T record, long timestamp) {
                collect(new StreamRecord<>(record, timestamp));
            }

            private void collect(StreamRecord<T> record) {
                try {
                    output.collect(record);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        return status == InputStatus.END_OF_INPUT ? SourceOperator.Status.END_OF_INPUT : SourceOperator.Status.MORE_AVAILABLE;
    }

    /** What a checkpoint now would store: the unfinished splits with their progress. */
    public ArrayList<S> currentPosition() throws Exception {
        return new ArrayList<>(reader.snapshotState(1));
    }

    public void finish() {
    }

    public void close() throws Exception {
        if (reader != null) {
            reader.close();
        }
    }
}
