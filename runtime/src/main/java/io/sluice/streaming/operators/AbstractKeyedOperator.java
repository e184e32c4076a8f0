package io.sluice.streaming.operators;

import io.sluice.api.eventtime.Watermark;
import io.sluice.api.functions.KeySelector;
import io.sluice.checkpoint.KeyedStateHandle;
import io.sluice.network.StreamRecord;
import io.sluice.state.HeapKeyedStateBackend;
import io.sluice.state.KeyGroupRange;
import io.sluice.state.KeyGroupRangeAssignment;
import io.sluice.state.KeyedStateSnapshot;
import io.sluice.state.timers.HeapInternalTimerService;
import io.sluice.state.timers.InternalTimerService;
import io.sluice.state.timers.Triggerable;
import io.sluice.streaming.AbstractStreamOperator;
import io.sluice.streaming.OneInputOperator;
import io.sluice.streaming.OperatorContext;
import io.sluice.streaming.Output;
import io.sluice.streaming.StateInitializationContext;
import io.sluice.streaming.StateSnapshotContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Base of operators on a keyed stream: owns the heap keyed state backend for the instance's key
 * groups and the timer services, and makes the record's key current (from the key selector)
 * before {@link #processKeyed}. Timers make their own key current before they fire.
 *
 * <p>State can be written and read as a key-group snapshot ({@link #snapshotState}, {@link
 * #restoreState} between setup and open), which is what checkpoints will build on.
 */
public abstract class AbstractKeyedOperator<K, IN, OUT> extends AbstractStreamOperator<OUT> implements OneInputOperator<IN, OUT> {

    private static final long serialVersionUID = 1L;

    private final KeySelector<IN, K> keySelector;

    protected transient HeapKeyedStateBackend<K> backend;
    private transient List<HeapInternalTimerService<K, ?>> timerServices;
    private transient long currentWatermark;

    protected AbstractKeyedOperator(KeySelector<IN, K> keySelector) {
        this.keySelector = Objects.requireNonNull(keySelector, "key selector must not be null");
    }

    public KeySelector<IN, K> keySelector() {
        return keySelector;
    }

    @Override
    public void setup(OperatorContext context, Output<OUT> output) {
        super.setup(context, output);
        KeyGroupRange range = KeyGroupRangeAssignment.rangeForOperatorIndex(context.maxParallelism(), context.parallelism(),
                context.subtaskIndex());
        backend = new HeapKeyedStateBackend<>(context.maxParallelism(), range, context.userClassLoader());
        timerServices = new ArrayList<>(2);
        currentWatermark = Long.MIN_VALUE;
    }

    @Override
    public final void processElement(StreamRecord<IN> record) throws Exception {
        backend.setCurrentKey(keySelector.getKey(record.getValue()));
        processKeyed(record);
    }

    /** Processes a record whose key is current in the backend. */
    protected abstract void processKeyed(StreamRecord<IN> record) throws Exception;

    /** Fires the event-time timers the watermark passed, then forwards it. */
    @Override
    public void processWatermark(Watermark mark) throws Exception {
        if (mark.timestamp() > currentWatermark) {
            currentWatermark = mark.timestamp();
            for (HeapInternalTimerService<K, ?> service : timerServices) {
                service.advanceWatermark(currentWatermark);
            }
        }
        super.processWatermark(mark);
    }

    protected long currentWatermark() {
        return currentWatermark;
    }

    /** A timer service whose timers call {@code target}; name it uniquely within the operator (it names the snapshot part). */
    protected <N> InternalTimerService<N> getInternalTimerService(String name, Triggerable<K, N> target) {
        HeapInternalTimerService<K, N> service = new HeapInternalTimerService<>(name, backend,
                context.processingTimeService(), target);
        timerServices.add(service);
        return service;
    }

    protected StreamingRuntimeContext runtimeContext() {
        return new StreamingRuntimeContext(context, backend);
    }

    public HeapKeyedStateBackend<K> getKeyedStateBackend() {
        return backend;
    }

    public K getCurrentKey() {
        return backend.getCurrentKey();
    }

    /** Writes this instance's keyed state and timers, by key group. */
    public void snapshotState(OutputStream out) throws IOException {
        backend.snapshot(out);
    }

    /** Adds the key groups this instance owns from one old instance's snapshot; call between setup and open. */
    public void restoreState(InputStream in) throws IOException {
        backend.restore(in);
    }

    /** Restores the key groups this instance owns from every overlapping old instance, then operator state. */
    @Override
    public void initializeState(StateInitializationContext state) throws Exception {
        for (KeyedStateHandle handle : state.keyedState()) {
            try (InputStream in = new java.io.BufferedInputStream(handle.data().open(), 64 * 1024)) {
                backend.restore(in);
            } catch (IOException e) {
                throw new IOException("cannot restore the keyed state of '" + context.operatorName() + "' from checkpoint "
                        + state.checkpointId() + " (" + describe(handle) + "): " + e.getMessage(), e);
            }
        }
        super.initializeState(state);
    }

    private static String describe(KeyedStateHandle handle) {
        return handle.data() instanceof io.sluice.checkpoint.StateHandle.File f ? f.path() : "inline state";
    }

    /** Freezes the keyed state (microseconds); it is written off the task thread. */
    @Override
    public void snapshotState(StateSnapshotContext snapshot) throws Exception {
        super.snapshotState(snapshot);
        KeyedStateSnapshot frozen = backend.snapshotAsync();
        snapshot.setKeyedState(frozen.keyGroupRange(), new StateSnapshotContext.AsyncStateWriter() {
            @Override
            public void writeTo(OutputStream out) throws IOException {
                frozen.writeTo(out);
            }

            @Override
            public void cancel() {
                frozen.cancel();
            }
        });
    }

    @Override
    protected io.sluice.api.functions.KeyedStateStore keyedStateStore() {
        return runtimeContext();
    }

    @Override
    public void close() throws Exception {
        if (timerServices != null) {
            for (HeapInternalTimerService<K, ?> service : timerServices) {
                service.close();
            }
        }
    }
}
