package io.sluice.streaming.connector;

import io.sluice.api.connector.source.InputStatus;
import io.sluice.api.connector.source.Source;
import io.sluice.api.connector.source.SourceOutput;
import io.sluice.api.connector.source.SourceReader;
import io.sluice.network.StreamRecord;
import io.sluice.state.OperatorListState;
import io.sluice.streaming.AbstractStreamOperator;
import io.sluice.streaming.Output;
import io.sluice.streaming.SourceOperator;
import io.sluice.streaming.StateInitializationContext;
import io.sluice.streaming.StateSnapshotContext;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Runs the reader of a public {@link Source} as the head of a chain. The splits are fixed when the job
 * is translated; a fresh instance reads those {@link Source#assignSplits} gives it, a restored one the
 * unfinished splits of the checkpoint (operator list state, split across instances on a rescale).
 */
public final class SourceReaderOperator<T, S extends Serializable> extends AbstractStreamOperator<T>
        implements SourceOperator<T> {

    private static final long serialVersionUID = 1L;
    static final String SPLITS = "source-splits";

    private final Source<T, S> source;
    private final List<S> splits;

    private transient SourceReader<T, S> reader;
    private transient List<S> startSplits;
    private transient OptionalLong restoredFrom;
    private transient RecordOutput<T> recordOutput;

    public SourceReaderOperator(Source<T, S> source, List<S> splits) {
        this.source = Objects.requireNonNull(source, "source");
        this.splits = List.copyOf(splits);
    }

    public Source<T, S> source() {
        return source;
    }

    public List<S> splits() {
        return splits;
    }

    @Override
    public void initializeState(StateInitializationContext state) throws Exception {
        super.initializeState(state);
        OperatorListState restored = state.isRestored() ? state.listState(SPLITS) : null;
        if (restored != null) {
            restoredFrom = OptionalLong.of(state.checkpointId());
            startSplits = SerializedElements.deserialize(restored.elements(), context.userClassLoader(),
                    "the splits of source '" + context.operatorName() + "'");
        } else {
            restoredFrom = state.isRestored() ? OptionalLong.of(state.checkpointId()) : OptionalLong.empty();
            startSplits = assignedSplits();
        }
    }

    private List<S> assignedSplits() {
        return source.assignSplits(splits, context.subtaskIndex(), context.parallelism());
    }

    @Override
    public void open() throws Exception {
        if (startSplits == null) { // no checkpointing set-up ran: a fresh start
            restoredFrom = OptionalLong.empty();
            startSplits = assignedSplits();
        }
        reader = source.createReader(new OperatorConnectorContext(context, restoredFrom));
        reader.addSplits(startSplits);
        startSplits = null;
        recordOutput = new RecordOutput<>(output);
    }

    @Override
    public Status emitNext() throws Exception {
        InputStatus status = reader.pollNext(recordOutput);
        return status == InputStatus.END_OF_INPUT ? Status.END_OF_INPUT : Status.MORE_AVAILABLE;
    }

    @Override
    public void snapshotState(StateSnapshotContext snapshot) throws Exception {
        super.snapshotState(snapshot);
        List<S> unfinished = reader != null ? reader.snapshotState(snapshot.checkpointId()) : startSplits;
        snapshot.addListState(new OperatorListState(SPLITS, OperatorListState.Distribution.SPLIT,
                SerializedElements.serialize(unfinished, "the state of source '" + context.operatorName() + "'")));
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        super.notifyCheckpointComplete(checkpointId);
        if (reader != null) {
            reader.notifyCheckpointComplete(checkpointId);
        }
    }

    @Override
    public void notifyCheckpointAborted(long checkpointId) throws Exception {
        super.notifyCheckpointAborted(checkpointId);
        if (reader != null) {
            reader.notifyCheckpointAborted(checkpointId);
        }
    }

    @Override
    public void close() throws Exception {
        if (reader != null) {
            SourceReader<T, S> r = reader;
            reader = null;
            r.close();
        }
    }

    /**
     * Hands records to the chain. Each record gets a stream record of its own, local to the call: when
     * the chain is inlined into the reader's loop (a source chained to maps and filters), the JIT's
     * escape analysis then removes both it and the boxed value, which a stream record kept in a field
     * would force onto the heap (measured: half the throughput of a chained stateless job).
     */
    private static final class RecordOutput<T> implements SourceOutput<T> {

        private final Output<T> output;

        RecordOutput(Output<T> output) {
            this.output = output;
        }

        @Override
        public void collect(T record) {
            try {
                output.collect(new StreamRecord<>(record));
            } catch (Exception e) {
                throw RecordOutput.<RuntimeException>rethrow(e);
            }
        }

        @Override
        public void collect(T record, long timestamp) {
            try {
                output.collect(new StreamRecord<>(record, timestamp));
            } catch (Exception e) {
                throw RecordOutput.<RuntimeException>rethrow(e);
            }
        }

        /**
         * Passes a failure of the chain (an operator's exception, an interrupted network write) through
         * the reader unchanged, so the task fails with the original cause.
         */
        @SuppressWarnings("unchecked")
        private static <E extends Exception> E rethrow(Exception e) throws E {
            throw (E) e;
        }
    }
}
