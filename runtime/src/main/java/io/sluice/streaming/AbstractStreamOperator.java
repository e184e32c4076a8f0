package io.sluice.streaming;

import io.sluice.api.checkpoint.CheckpointListener;
import io.sluice.api.checkpoint.CheckpointedFunction;
import io.sluice.api.checkpoint.FunctionInitializationContext;
import io.sluice.api.checkpoint.FunctionSnapshotContext;
import io.sluice.api.checkpoint.OperatorStateStore;
import io.sluice.api.eventtime.Watermark;
import io.sluice.state.HeapOperatorStateStore;
import io.sluice.state.OperatorListState;
import io.sluice.streaming.source.ReplayableSource;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.List;
import java.util.OptionalLong;

/**
 * Keeps the context and output handed over in {@link #setup}; the usual base of an operator.
 *
 * <p>Also holds the default watermark handling: a one-input operator forwards watermarks as they
 * come; a two-input operator forwards the minimum of its inputs' watermarks, and only when that
 * minimum advances. Operators with event-time timers override {@link #processWatermark}, fire
 * their timers, then call {@code super}.
 *
 * <p>And the checkpointing every operator gets without code of its own: the operator state of a user
 * function that is a {@link CheckpointedFunction}, the position of a {@link ReplayableSource}, and
 * completion notices to a user function that is a {@link CheckpointListener}.
 */
public abstract class AbstractStreamOperator<OUT> implements StreamOperator<OUT> {

    private static final long serialVersionUID = 1L;

    protected transient OperatorContext context;
    protected transient Output<OUT> output;

    private transient long input1Watermark = Long.MIN_VALUE;
    private transient long input2Watermark = Long.MIN_VALUE;
    private transient long combinedWatermark = Long.MIN_VALUE;
    private transient HeapOperatorStateStore operatorState;

    /** Name of the list state that holds a replayable source's position. */
    static final String SOURCE_POSITION = "source-position";

    @Override
    public void setup(OperatorContext context, Output<OUT> output) {
        this.context = context;
        this.output = output;
        this.input1Watermark = Long.MIN_VALUE;
        this.input2Watermark = Long.MIN_VALUE;
        this.combinedWatermark = Long.MIN_VALUE;
    }

    /** The user function the operator runs, for checkpoint hooks; null when it runs none. */
    protected Object userFunction() {
        return null;
    }

    /** Keyed state for a checkpointed function's initialization; null for operators on non-keyed streams. */
    protected io.sluice.api.functions.KeyedStateStore keyedStateStore() {
        return null;
    }

    @Override
    public void initializeState(StateInitializationContext state) throws Exception {
        operatorState = new HeapOperatorStateStore(context.userClassLoader(), List.of());
        if (this instanceof ReplayableSource<?> source) {
            OperatorListState position = state.listState(SOURCE_POSITION);
            if (position != null && !position.elements().isEmpty()) {
                restorePosition(source, position.elements());
            }
        }
        if (userFunction() instanceof CheckpointedFunction function) {
            List<OperatorListState> lists = state.listStates().stream()
                    .filter(l -> !l.name().equals(SOURCE_POSITION)).toList();
            operatorState = new HeapOperatorStateStore(context.userClassLoader(), lists);
            function.initializeState(new FunctionInitializationContext() {
                @Override public boolean isRestored() { return state.isRestored(); }
                @Override public OptionalLong getRestoredCheckpointId() {
                    return state.isRestored() ? OptionalLong.of(state.checkpointId()) : OptionalLong.empty();
                }
                @Override public OperatorStateStore getOperatorStateStore() { return operatorState; }
                @Override public io.sluice.api.functions.KeyedStateStore getKeyedStateStore() { return keyedStateStore(); }
            });
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void restorePosition(ReplayableSource source, List<byte[]> elements) throws IOException {
        if (elements.size() != 1) {
            throw new IllegalStateException("source '" + context.operatorName() + "' got " + elements.size()
                    + " positions to restore; a source's position cannot be split or merged (restore it with the "
                    + "parallelism it was checkpointed with)");
        }
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new ByteArrayInputStream(elements.get(0))) {
            @Override
            protected Class<?> resolveClass(java.io.ObjectStreamClass desc) throws IOException, ClassNotFoundException {
                return Class.forName(desc.getName(), false, context.userClassLoader());
            }
        }) {
            source.restorePosition((Serializable) in.readObject());
        } catch (ClassNotFoundException e) {
            throw new IOException("cannot restore the position of source '" + context.operatorName() + "': class "
                    + e.getMessage() + " not found", e);
        }
    }

    @Override
    public void snapshotState(StateSnapshotContext snapshot) throws Exception {
        if (this instanceof ReplayableSource<?> source) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(source.currentPosition());
            }
            snapshot.addListState(new OperatorListState(SOURCE_POSITION, OperatorListState.Distribution.SPLIT,
                    List.of(bytes.toByteArray())));
        }
        if (userFunction() instanceof CheckpointedFunction function) {
            function.snapshotState(new FunctionSnapshotContext() {
                @Override public long getCheckpointId() { return snapshot.checkpointId(); }
                @Override public long getCheckpointTimestamp() { return snapshot.timestamp(); }
            });
            snapshot.addListStates(operatorState.snapshot());
        }
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        if (userFunction() instanceof CheckpointListener listener) {
            listener.notifyCheckpointComplete(checkpointId);
        }
    }

    @Override
    public void notifyCheckpointAborted(long checkpointId) throws Exception {
        if (userFunction() instanceof CheckpointListener listener) {
            listener.notifyCheckpointAborted(checkpointId);
        }
    }

    /** Event time of this operator has advanced to {@code mark}; forwards it. */
    public void processWatermark(Watermark mark) throws Exception {
        output.emitWatermark(mark);
    }

    /** Forwards a change of the input's idleness. */
    public void processWatermarkStatus(io.sluice.api.eventtime.WatermarkStatus status) throws Exception {
        output.emitWatermarkStatus(status);
    }

    public void processWatermark1(Watermark mark) throws Exception {
        input1Watermark = mark.timestamp();
        advanceCombinedWatermark();
    }

    public void processWatermark2(Watermark mark) throws Exception {
        input2Watermark = mark.timestamp();
        advanceCombinedWatermark();
    }

    private void advanceCombinedWatermark() throws Exception {
        long min = Math.min(input1Watermark, input2Watermark);
        if (min > combinedWatermark) {
            combinedWatermark = min;
            processWatermark(new Watermark(min));
        }
    }
}
