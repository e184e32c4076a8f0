package io.sluice.streaming.operators;

import io.sluice.api.OutputTag;
import io.sluice.api.functions.KeySelector;
import io.sluice.api.functions.KeyedStateStore;
import io.sluice.api.state.AggregatingState;
import io.sluice.api.state.AggregatingStateDescriptor;
import io.sluice.api.state.AppendingState;
import io.sluice.api.state.ListState;
import io.sluice.api.state.ListStateDescriptor;
import io.sluice.api.state.MapState;
import io.sluice.api.state.MapStateDescriptor;
import io.sluice.api.state.ReducingState;
import io.sluice.api.state.ReducingStateDescriptor;
import io.sluice.api.state.State;
import io.sluice.api.state.StateDescriptor;
import io.sluice.api.state.ValueState;
import io.sluice.api.state.ValueStateDescriptor;
import io.sluice.api.windowing.assigners.MergingWindowAssigner;
import io.sluice.api.windowing.assigners.WindowAssigner;
import io.sluice.api.windowing.evictors.Evictor;
import io.sluice.api.windowing.triggers.Trigger;
import io.sluice.api.windowing.triggers.TriggerResult;
import io.sluice.api.windowing.windows.Window;
import io.sluice.network.StreamRecord;
import io.sluice.state.InternalKvState;
import io.sluice.state.timers.InternalTimer;
import io.sluice.state.timers.InternalTimerService;
import io.sluice.state.timers.Triggerable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Keyed windows: assigns each record to windows, keeps each window's contents in keyed state with
 * the window as namespace, asks the trigger when to fire, and removes a window's state with a
 * cleanup timer at its end plus the allowed lateness (event time) or at its end (processing time).
 *
 * <p>Records for windows that are already cleaned up are late: they go to the late-data side
 * output if one is set, else they are dropped. For merging assigners (sessions) the active windows
 * of a key are kept in keyed state; when windows merge, their contents and trigger state are
 * merged into the resulting window and the old windows' timers deleted.
 *
 * @param <K>   key
 * @param <IN>  input records
 * @param <ACC> what the contents state yields (pre-aggregated value, or the records)
 * @param <OUT> results
 * @param <W>   window type
 */
public final class WindowOperator<K, IN, ACC, OUT, W extends Window> extends AbstractKeyedOperator<K, IN, OUT>
        implements Triggerable<K, W> {

    private static final long serialVersionUID = 1L;

    private static final String MERGING_WINDOWS = "_window-merging-set";

    private final WindowAssigner<? super IN, W> assigner;
    private final Trigger<? super IN, ? super W> trigger;
    private final StateDescriptor<? extends AppendingState<IN, ACC>> contentsDescriptor;
    private final InternalWindowFunction<ACC, OUT, K, W> function;
    private final long allowedLateness;
    private final OutputTag<IN> lateDataTag;
    private final Evictor<? super IN, ? super W> evictor;

    private transient AppendingState<IN, ACC> contents;
    private transient InternalKvState<W> contentsNamespace;
    private transient ValueState<ArrayList<W>> mergingWindows;
    private transient InternalTimerService<W> timers;
    private transient TimestampedCollector<OUT> collector;
    private transient TriggerContextImpl triggerContext;
    private transient WindowContextImpl windowContext;
    private transient long lateRecordsDropped;

    /**
     * @param contentsDescriptor reducing/aggregating state for incremental functions, list state for process functions
     *                           and evictors (then {@code ACC} is {@code Iterable<IN>})
     * @param lateDataTag        side output for late records, or null to drop them
     * @param evictor            null, or an evictor (then the contents must be list state)
     */
    public WindowOperator(KeySelector<IN, K> keySelector, WindowAssigner<? super IN, W> assigner,
            Trigger<? super IN, ? super W> trigger, StateDescriptor<? extends AppendingState<IN, ACC>> contentsDescriptor,
            InternalWindowFunction<ACC, OUT, K, W> function, long allowedLateness, OutputTag<IN> lateDataTag,
            Evictor<? super IN, ? super W> evictor) {
        super(keySelector);
        this.assigner = Objects.requireNonNull(assigner, "window assigner must not be null");
        this.trigger = Objects.requireNonNull(trigger, "trigger must not be null");
        this.contentsDescriptor = Objects.requireNonNull(contentsDescriptor, "contents descriptor must not be null");
        this.function = Objects.requireNonNull(function, "window function must not be null");
        if (allowedLateness < 0) {
            throw new IllegalArgumentException("allowed lateness must be zero or positive, was " + allowedLateness + " ms");
        }
        if (allowedLateness > 0 && !assigner.isEventTime()) {
            throw new IllegalArgumentException("allowed lateness only applies to event-time windows, not to " + assigner);
        }
        if (assigner instanceof MergingWindowAssigner<?, ?> && !trigger.canMerge()) {
            throw new IllegalArgumentException("trigger " + trigger + " cannot be used with merging windows (" + assigner + ")");
        }
        if (evictor != null && !(contentsDescriptor instanceof ListStateDescriptor<?>)) {
            throw new IllegalArgumentException("a window with an evictor must keep its records in list state");
        }
        this.allowedLateness = allowedLateness;
        this.lateDataTag = lateDataTag;
        this.evictor = evictor;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void open() throws Exception {
        collector = new TimestampedCollector<>(output);
        timers = getInternalTimerService("window-timers", this);
        contents = (AppendingState<IN, ACC>) backend.getNamespacedState((StateDescriptor<State>) (StateDescriptor<?>) contentsDescriptor);
        contentsNamespace = (InternalKvState<W>) contents;
        if (isMerging()) {
            mergingWindows = backend.getState(new ValueStateDescriptor<>(MERGING_WINDOWS));
        }
        triggerContext = new TriggerContextImpl();
        windowContext = new WindowContextImpl();
        function.open(runtimeContext());
    }

    private boolean isMerging() {
        return assigner instanceof MergingWindowAssigner<?, ?>;
    }

    @Override
    @SuppressWarnings("unchecked")
    protected void processKeyed(StreamRecord<IN> record) throws Exception {
        IN value = record.getValue();
        long timestamp = record.hasTimestamp() ? record.getTimestamp() : Long.MIN_VALUE;
        Collection<W> windows = ((WindowAssigner<IN, W>) assigner).assignWindows(value, timestamp,
                timers::currentProcessingTime);
        boolean skipped = true;
        if (isMerging()) {
            ArrayList<W> active = mergingWindows.value();
            if (active == null) {
                active = new ArrayList<>(2);
            }
            for (W window : windows) {
                W actual = addMergingWindow(active, window);
                if (isWindowLate(actual)) {
                    active.remove(actual);
                    continue;
                }
                skipped = false;
                addAndTrigger(actual, value, timestamp);
            }
            if (active.isEmpty()) {
                mergingWindows.clear();
            } else {
                mergingWindows.update(active);
            }
        } else {
            for (W window : windows) {
                if (isWindowLate(window)) {
                    continue;
                }
                skipped = false;
                addAndTrigger(window, value, timestamp);
            }
        }
        if (skipped && isElementLate(timestamp)) {
            if (lateDataTag != null) {
                output.collect(lateDataTag, record);
            } else {
                lateRecordsDropped++;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void addAndTrigger(W window, IN value, long timestamp) throws Exception {
        contentsNamespace.setCurrentNamespace(window);
        contents.add(value);
        TriggerResult result = ((Trigger<IN, W>) trigger).onElement(value, timestamp, window, triggerContext.bind(window));
        if (result.isFire()) {
            emitContents(window);
        }
        if (result.isPurge()) {
            contents.clear();
        }
        registerCleanupTimer(window);
    }

    /**
     * Adds {@code window} to the key's active windows, merging as the assigner says; returns the
     * window the record belongs to afterwards.
     */
    @SuppressWarnings("unchecked")
    private W addMergingWindow(ArrayList<W> active, W window) throws Exception {
        List<W> candidates = new ArrayList<>(active);
        if (!candidates.contains(window)) {
            candidates.add(window);
        }
        List<W> result = new ArrayList<>(1);
        result.add(window);
        List<Exception> failures = new ArrayList<>(1);
        ((MergingWindowAssigner<IN, W>) assigner).mergeWindows(candidates, (toBeMerged, mergeResult) -> {
            try {
                if (toBeMerged.contains(window)) {
                    result.set(0, mergeResult);
                }
                List<W> merged = new ArrayList<>();
                for (W w : toBeMerged) {
                    if (active.contains(w)) {
                        merged.add(w);
                    }
                }
                active.removeAll(toBeMerged);
                active.add(mergeResult);
                for (W old : merged) {
                    if (!old.equals(mergeResult)) {
                        deleteCleanupTimer(old);
                        ((Trigger<IN, W>) trigger).clear(old, triggerContext.bind(old));
                    }
                }
                contentsNamespace.mergeNamespaces(mergeResult, merged);
                ((Trigger<IN, W>) trigger).onMerge(mergeResult, triggerContext.bindMerge(mergeResult, merged));
            } catch (Exception e) {
                failures.add(e);
            }
        });
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
        if (!active.contains(result.get(0))) {
            active.add(result.get(0));
        }
        return result.get(0);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void onEventTime(InternalTimer<K, W> timer) throws Exception {
        W window = timer.getNamespace();
        ArrayList<W> active = isMerging() ? mergingWindows.value() : null;
        if (isMerging() && (active == null || !active.contains(window))) {
            return; // the window was merged away; its timers were deleted but this one was already due
        }
        contentsNamespace.setCurrentNamespace(window);
        TriggerResult result = ((Trigger<IN, W>) trigger).onEventTime(timer.getTimestamp(), window, triggerContext.bind(window));
        if (result.isFire()) {
            emitContents(window);
        }
        if (result.isPurge()) {
            contents.clear();
        }
        if (assigner.isEventTime() && cleanupTime(window) == timer.getTimestamp()) {
            clearAllState(window, active);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public void onProcessingTime(InternalTimer<K, W> timer) throws Exception {
        W window = timer.getNamespace();
        ArrayList<W> active = isMerging() ? mergingWindows.value() : null;
        if (isMerging() && (active == null || !active.contains(window))) {
            return;
        }
        contentsNamespace.setCurrentNamespace(window);
        TriggerResult result = ((Trigger<IN, W>) trigger).onProcessingTime(timer.getTimestamp(), window,
                triggerContext.bind(window));
        if (result.isFire()) {
            emitContents(window);
        }
        if (result.isPurge()) {
            contents.clear();
        }
        if (!assigner.isEventTime() && cleanupTime(window) == timer.getTimestamp()) {
            clearAllState(window, active);
        }
    }

    @SuppressWarnings("unchecked")
    private void emitContents(W window) throws Exception {
        ACC value = contents.get();
        if (value == null) {
            return;
        }
        if (evictor != null) {
            List<IN> elements = new ArrayList<>();
            ((Iterable<IN>) value).forEach(elements::add);
            ((Evictor<IN, W>) evictor).evictBefore(elements, window);
            ((ListState<IN>) contents).update(elements);
            if (elements.isEmpty()) {
                return;
            }
            value = (ACC) elements;
        } else if (value instanceof Iterable<?> iterable && !iterable.iterator().hasNext()) {
            return;
        }
        collector.setAbsoluteTimestamp(window.maxTimestamp());
        function.process(backend.getCurrentKey(), window, windowContext.bind(window), value, collector);
    }

    @SuppressWarnings("unchecked")
    private void clearAllState(W window, ArrayList<W> active) throws Exception {
        contentsNamespace.setCurrentNamespace(window);
        contents.clear();
        ((Trigger<IN, W>) trigger).clear(window, triggerContext.bind(window));
        function.clear(backend.getCurrentKey(), window, windowContext.bind(window));
        if (active != null) {
            active.remove(window);
            if (active.isEmpty()) {
                mergingWindows.clear();
            } else {
                mergingWindows.update(active);
            }
        }
    }

    /** When the window's state goes: end + allowed lateness in event time, the end in processing time. */
    private long cleanupTime(W window) {
        if (!assigner.isEventTime()) {
            return window.maxTimestamp();
        }
        long cleanup = window.maxTimestamp() + allowedLateness;
        return cleanup >= window.maxTimestamp() ? cleanup : Long.MAX_VALUE;
    }

    private void registerCleanupTimer(W window) {
        long time = cleanupTime(window);
        if (time == Long.MAX_VALUE) {
            return; // global windows are never cleaned up
        }
        if (assigner.isEventTime()) {
            timers.registerEventTimeTimer(window, time);
        } else {
            timers.registerProcessingTimeTimer(window, time);
        }
    }

    private void deleteCleanupTimer(W window) {
        long time = cleanupTime(window);
        if (time == Long.MAX_VALUE) {
            return;
        }
        if (assigner.isEventTime()) {
            timers.deleteEventTimeTimer(window, time);
        } else {
            timers.deleteProcessingTimeTimer(window, time);
        }
    }

    private boolean isWindowLate(W window) {
        return assigner.isEventTime() && cleanupTime(window) <= timers.currentWatermark();
    }

    private boolean isElementLate(long timestamp) {
        return assigner.isEventTime() && timestamp + allowedLateness <= timers.currentWatermark();
    }

    /** Late records dropped because no late-data side output was set; for tests and metrics. */
    public long lateRecordsDropped() {
        return lateRecordsDropped;
    }

    @Override
    public void close() throws Exception {
        super.close();
        if (function != null && collector != null) {
            function.close();
        }
    }

    @SuppressWarnings("unchecked")
    private <S extends State> S windowScoped(StateDescriptor<S> descriptor, W window) {
        S state = backend.getNamespacedState(descriptor);
        ((InternalKvState<W>) state).setCurrentNamespace(window);
        return state;
    }

    private final class TriggerContextImpl implements Trigger.OnMergeContext {

        private W window;
        private Collection<W> mergedWindows;

        TriggerContextImpl bind(W window) {
            this.window = window;
            this.mergedWindows = null;
            return this;
        }

        TriggerContextImpl bindMerge(W window, Collection<W> mergedWindows) {
            this.window = window;
            this.mergedWindows = mergedWindows;
            return this;
        }

        @Override
        public long getCurrentProcessingTime() {
            return timers.currentProcessingTime();
        }

        @Override
        public long getCurrentWatermark() {
            return timers.currentWatermark();
        }

        @Override
        public void registerProcessingTimeTimer(long time) {
            timers.registerProcessingTimeTimer(window, time);
        }

        @Override
        public void registerEventTimeTimer(long time) {
            timers.registerEventTimeTimer(window, time);
        }

        @Override
        public void deleteProcessingTimeTimer(long time) {
            timers.deleteProcessingTimeTimer(window, time);
        }

        @Override
        public void deleteEventTimeTimer(long time) {
            timers.deleteEventTimeTimer(window, time);
        }

        @Override
        public <S extends State> S getPartitionedState(StateDescriptor<S> descriptor) {
            return windowScoped(descriptor, window);
        }

        @Override
        @SuppressWarnings("unchecked")
        public <S extends State> void mergePartitionedState(StateDescriptor<S> descriptor) throws Exception {
            if (mergedWindows != null && !mergedWindows.isEmpty()) {
                S state = windowScoped(descriptor, window);
                ((InternalKvState<W>) state).mergeNamespaces(window, mergedWindows);
            }
        }
    }

    private final class WindowContextImpl implements InternalWindowFunction.WindowContext {

        private W window;
        private final KeyedStateStore windowState = new WindowStateStore();
        private final KeyedStateStore globalState = runtimeContext();

        WindowContextImpl bind(W window) {
            this.window = window;
            return this;
        }

        @Override
        public long currentProcessingTime() {
            return timers.currentProcessingTime();
        }

        @Override
        public long currentWatermark() {
            return timers.currentWatermark();
        }

        @Override
        public KeyedStateStore windowState() {
            return windowState;
        }

        @Override
        public KeyedStateStore globalState() {
            return globalState;
        }

        @Override
        public <X> void output(OutputTag<X> tag, X value) throws Exception {
            output.collect(tag, new StreamRecord<>(value, window.maxTimestamp()));
        }

        /** Per-window state handed to process window functions; scoped to the window being evaluated. */
        private final class WindowStateStore implements KeyedStateStore {

            @Override
            public <T> ValueState<T> getState(ValueStateDescriptor<T> descriptor) {
                return windowScoped(descriptor, window);
            }

            @Override
            public <T> ListState<T> getListState(ListStateDescriptor<T> descriptor) {
                return windowScoped(descriptor, window);
            }

            @Override
            public <UK, UV> MapState<UK, UV> getMapState(MapStateDescriptor<UK, UV> descriptor) {
                return windowScoped(descriptor, window);
            }

            @Override
            public <T> ReducingState<T> getReducingState(ReducingStateDescriptor<T> descriptor) {
                return windowScoped(descriptor, window);
            }

            @Override
            public <IN2, ACC2, OUT2> AggregatingState<IN2, OUT2> getAggregatingState(
                    AggregatingStateDescriptor<IN2, ACC2, OUT2> descriptor) {
                return windowScoped(descriptor, window);
            }
        }
    }
}
