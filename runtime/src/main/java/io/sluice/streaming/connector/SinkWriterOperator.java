package io.sluice.streaming.connector;

import io.sluice.api.connector.sink.Sink;
import io.sluice.api.connector.sink.SinkWriter;
import io.sluice.network.StreamRecord;
import io.sluice.state.OperatorListState;
import io.sluice.streaming.AbstractStreamOperator;
import io.sluice.streaming.OneInputOperator;
import io.sluice.streaming.StateInitializationContext;
import io.sluice.streaming.StateSnapshotContext;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Runs the writer of a public {@link Sink}: records go to {@link SinkWriter#write}; at a checkpoint
 * the writer prepares its commit and the returned state goes into the checkpoint (operator list
 * state); a completed checkpoint commits; a restore hands the checkpointed states to the new writer.
 */
public final class SinkWriterOperator<T, S extends Serializable> extends AbstractStreamOperator<Void>
        implements OneInputOperator<T, Void> {

    private static final long serialVersionUID = 1L;
    static final String STATE = "sink-writer";

    private final Sink<T, S> sink;

    private transient SinkWriter<T, S> writer;
    private transient List<S> restored;
    private transient OptionalLong restoredFrom;

    public SinkWriterOperator(Sink<T, S> sink) {
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    public Sink<T, S> sink() {
        return sink;
    }

    @Override
    public void initializeState(StateInitializationContext state) throws Exception {
        super.initializeState(state);
        OperatorListState list = state.isRestored() ? state.listState(STATE) : null;
        restoredFrom = state.isRestored() ? OptionalLong.of(state.checkpointId()) : OptionalLong.empty();
        restored = list == null ? List.of() : SerializedElements.deserialize(list.elements(), context.userClassLoader(),
                "the state of sink '" + context.operatorName() + "'");
    }

    @Override
    public void open() throws Exception {
        if (restored == null) { // no checkpointing set-up ran: a fresh start
            restored = List.of();
            restoredFrom = OptionalLong.empty();
        }
        writer = sink.createWriter(new OperatorConnectorContext(context, restoredFrom), restored);
        restored = null;
    }

    @Override
    public void processElement(StreamRecord<T> record) throws Exception {
        writer.write(record.getValue());
    }

    @Override
    public void snapshotState(StateSnapshotContext snapshot) throws Exception {
        super.snapshotState(snapshot);
        List<S> prepared = writer.prepareCommit(snapshot.checkpointId());
        snapshot.addListState(new OperatorListState(STATE, OperatorListState.Distribution.SPLIT,
                SerializedElements.serialize(prepared == null ? List.of() : prepared,
                        "the state sink '" + context.operatorName() + "' prepared")));
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        super.notifyCheckpointComplete(checkpointId);
        if (writer != null) {
            writer.commit(checkpointId);
        }
    }

    @Override
    public void finish() throws Exception {
        writer.finish();
    }

    @Override
    public void close() throws Exception {
        if (writer != null) {
            SinkWriter<T, S> w = writer;
            writer = null;
            w.close();
        }
    }
}
