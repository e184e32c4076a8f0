package io.sluice.api.windowing;

import io.sluice.api.DataStream;
import io.sluice.api.OutputTag;
import io.sluice.api.functions.AggregateFunction;
import io.sluice.api.functions.KeySelector;
import io.sluice.api.functions.ReduceFunction;
import io.sluice.api.windowing.assigners.GlobalWindows;
import io.sluice.api.windowing.assigners.WindowAssigner;
import io.sluice.api.windowing.evictors.CountEvictor;
import io.sluice.api.windowing.triggers.CountTrigger;
import io.sluice.api.windowing.triggers.PurgingTrigger;
import io.sluice.api.windowing.windows.GlobalWindow;
import io.sluice.api.windowing.evictors.Evictor;
import io.sluice.api.windowing.triggers.Trigger;
import io.sluice.api.windowing.windows.Window;
import io.sluice.api.functions.aggregation.FieldAggregator;
import io.sluice.api.streamgraph.Operations;
import java.time.Duration;
import java.util.Objects;

/**
 * A keyed stream cut into windows ({@code keyBy(...).window(assigner)}). Configure the trigger,
 * evictor, allowed lateness and late-data side output, then end with a window function:
 * {@link #reduce}, {@link #aggregate}, {@link #process}, or a field aggregation ({@link #sum} ...).
 * Results carry the window's {@code maxTimestamp()} as their event timestamp.
 *
 * @param <T> records
 * @param <K> key
 * @param <W> window type
 */
public final class WindowedStream<T, K, W extends Window> {

    private final DataStream<T> keyedInput;
    private final KeySelector<T, K> keySelector;
    private final WindowAssigner<? super T, W> assigner;
    private Trigger<? super T, ? super W> trigger;
    private Evictor<? super T, ? super W> evictor;
    private long allowedLateness;
    private OutputTag<T> lateDataTag;

    /**
     * @param keyedInput  the keyed stream (its partitioning sends each key to one instance)
     * @param keySelector the key selector of that keyed stream
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public WindowedStream(DataStream<T> keyedInput, KeySelector<T, K> keySelector, WindowAssigner<? super T, W> assigner) {
        this.keyedInput = Objects.requireNonNull(keyedInput, "input must not be null");
        this.keySelector = Objects.requireNonNull(keySelector, "key selector must not be null");
        this.assigner = Objects.requireNonNull(assigner, "window assigner must not be null");
        this.trigger = (Trigger) assigner.getDefaultTrigger();
    }

    /** Tumbling count windows: every {@code size} records of a key form a window ({@code KeyedStream.countWindow}). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static <T, K> WindowedStream<T, K, GlobalWindow> countWindow(DataStream<T> keyedInput, KeySelector<T, K> keySelector,
            long size) {
        return new WindowedStream<T, K, GlobalWindow>(keyedInput, keySelector, (WindowAssigner) GlobalWindows.create())
                .trigger((Trigger) PurgingTrigger.of(CountTrigger.of(size)));
    }

    /** Sliding count windows: every {@code slide} records, a window over the last {@code size} records of a key. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static <T, K> WindowedStream<T, K, GlobalWindow> countWindow(DataStream<T> keyedInput, KeySelector<T, K> keySelector,
            long size, long slide) {
        return new WindowedStream<T, K, GlobalWindow>(keyedInput, keySelector, (WindowAssigner) GlobalWindows.create())
                .evictor((Evictor) CountEvictor.of(size))
                .trigger((Trigger) CountTrigger.of(slide));
    }

    /** Replaces the assigner's default trigger. */
    public WindowedStream<T, K, W> trigger(Trigger<? super T, ? super W> trigger) {
        this.trigger = Objects.requireNonNull(trigger, "trigger must not be null");
        return this;
    }

    /** Removes records before the window function runs; the window then keeps all its records. */
    public WindowedStream<T, K, W> evictor(Evictor<? super T, ? super W> evictor) {
        this.evictor = Objects.requireNonNull(evictor, "evictor must not be null");
        return this;
    }

    /**
     * Keeps event-time windows this long after their end: a late record within it fires the window
     * again with updated contents; later records are late data. Default 0.
     */
    public WindowedStream<T, K, W> allowedLateness(Duration lateness) {
        if (lateness == null || lateness.isNegative()) {
            throw new IllegalArgumentException("allowed lateness must be zero or positive, was " + lateness);
        }
        if (!assigner.isEventTime() && !lateness.isZero()) {
            throw new IllegalArgumentException("allowed lateness only applies to event-time windows, not to " + assigner);
        }
        this.allowedLateness = lateness.toMillis();
        return this;
    }

    /** Sends records that arrive after their windows are gone to this side output instead of dropping them. */
    public WindowedStream<T, K, W> sideOutputLateData(OutputTag<T> tag) {
        this.lateDataTag = Objects.requireNonNull(tag, "output tag must not be null");
        return this;
    }

    /** Reduces the window's elements to one as they arrive; emits it when the window fires. */
    public DataStream<T> reduce(ReduceFunction<T> function) {
        Objects.requireNonNull(function, "reduce function must not be null");
        return build("Reduce", new Operations.ReduceWindow(function, null));
    }

    /** Reduces incrementally, then hands the one result with its window and key to {@code process}. */
    public <R> DataStream<R> reduce(ReduceFunction<T> function, ProcessWindowFunction<T, R, K, W> process) {
        Objects.requireNonNull(function, "reduce function must not be null");
        Objects.requireNonNull(process, "process window function must not be null");
        return build("Reduce+Process", new Operations.ReduceWindow(function, process));
    }

    /** Aggregates the window's elements as they arrive; emits the result when the window fires. */
    public <ACC, R> DataStream<R> aggregate(AggregateFunction<T, ACC, R> function) {
        Objects.requireNonNull(function, "aggregate function must not be null");
        return build("Aggregate", new Operations.AggregateWindow(function, null));
    }

    /** Aggregates incrementally, then hands the one result with its window and key to {@code process}. */
    public <ACC, V, R> DataStream<R> aggregate(AggregateFunction<T, ACC, V> function, ProcessWindowFunction<V, R, K, W> process) {
        Objects.requireNonNull(function, "aggregate function must not be null");
        Objects.requireNonNull(process, "process window function must not be null");
        return build("Aggregate+Process", new Operations.AggregateWindow(function, process));
    }

    /** Keeps every element of the window and hands them all to {@code function} when it fires. */
    public <R> DataStream<R> process(ProcessWindowFunction<T, R, K, W> function) {
        Objects.requireNonNull(function, "process window function must not be null");
        return build("Process", new Operations.ProcessWindow(function));
    }

    public DataStream<T> sum(int position) {
        return reduce(FieldAggregator.byPosition(FieldAggregator.Kind.SUM, position));
    }

    public DataStream<T> sum(String field) {
        return reduce(FieldAggregator.byName(FieldAggregator.Kind.SUM, field));
    }

    public DataStream<T> min(int position) {
        return reduce(FieldAggregator.byPosition(FieldAggregator.Kind.MIN, position));
    }

    public DataStream<T> min(String field) {
        return reduce(FieldAggregator.byName(FieldAggregator.Kind.MIN, field));
    }

    public DataStream<T> max(int position) {
        return reduce(FieldAggregator.byPosition(FieldAggregator.Kind.MAX, position));
    }

    public DataStream<T> max(String field) {
        return reduce(FieldAggregator.byName(FieldAggregator.Kind.MAX, field));
    }

    public DataStream<T> minBy(int position) {
        return reduce(FieldAggregator.byPosition(FieldAggregator.Kind.MIN_BY, position));
    }

    public DataStream<T> minBy(String field) {
        return reduce(FieldAggregator.byName(FieldAggregator.Kind.MIN_BY, field));
    }

    public DataStream<T> maxBy(int position) {
        return reduce(FieldAggregator.byPosition(FieldAggregator.Kind.MAX_BY, position));
    }

    public DataStream<T> maxBy(String field) {
        return reduce(FieldAggregator.byName(FieldAggregator.Kind.MAX_BY, field));
    }

    private <R> DataStream<R> build(String function, Operations.WindowFunction windowFunction) {
        String name = "Window(" + assigner + ", " + trigger + (evictor != null ? ", " + evictor.getClass().getSimpleName() : "")
                + ", " + function + ")";
        return keyedInput.transform(name, new Operations.Window<>(keySelector, assigner, trigger, evictor, allowedLateness,
                lateDataTag, windowFunction));
    }
}
