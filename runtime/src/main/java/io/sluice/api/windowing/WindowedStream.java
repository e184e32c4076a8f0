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
import io.sluice.api.state.AggregatingStateDescriptor;
import io.sluice.api.state.ListStateDescriptor;
import io.sluice.api.state.ReducingStateDescriptor;
import io.sluice.api.functions.aggregation.FieldAggregator;
import io.sluice.streaming.operators.InternalWindowFunction;
import io.sluice.streaming.operators.WindowOperator;
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

    /** Combines the window's records incrementally; emits one value per window firing. */
    public DataStream<T> reduce(ReduceFunction<T> function) {
        Objects.requireNonNull(function, "reduce function must not be null");
        if (evictor != null) {
            return build("Reduce", new ListStateDescriptor<T>("_window-contents"),
                    InternalWindowFunction.reducing(function, InternalWindowFunction.<T, K, W>passThrough()));
        }
        return build("Reduce", new ReducingStateDescriptor<>("_window-contents", function),
                InternalWindowFunction.<T, K, W>passThrough());
    }

    /** Reduces incrementally, then hands the one result with the window's metadata to {@code process}. */
    public <R> DataStream<R> reduce(ReduceFunction<T> function, ProcessWindowFunction<T, R, K, W> process) {
        Objects.requireNonNull(function, "reduce function must not be null");
        Objects.requireNonNull(process, "process window function must not be null");
        if (evictor != null) {
            return build("Reduce+Process", new ListStateDescriptor<T>("_window-contents"),
                    InternalWindowFunction.reducing(function, InternalWindowFunction.singleValue(process)));
        }
        return build("Reduce+Process", new ReducingStateDescriptor<>("_window-contents", function),
                InternalWindowFunction.singleValue(process));
    }

    /** Aggregates incrementally with an accumulator; emits the aggregate's result per window firing. */
    public <ACC, R> DataStream<R> aggregate(AggregateFunction<T, ACC, R> function) {
        Objects.requireNonNull(function, "aggregate function must not be null");
        if (evictor != null) {
            return build("Aggregate", new ListStateDescriptor<T>("_window-contents"),
                    InternalWindowFunction.aggregating(function, InternalWindowFunction.<R, K, W>passThrough()));
        }
        return build("Aggregate", new AggregatingStateDescriptor<>("_window-contents", function),
                InternalWindowFunction.<R, K, W>passThrough());
    }

    /** Aggregates incrementally, then hands the result with the window's metadata to {@code process}. */
    public <ACC, V, R> DataStream<R> aggregate(AggregateFunction<T, ACC, V> function, ProcessWindowFunction<V, R, K, W> process) {
        Objects.requireNonNull(function, "aggregate function must not be null");
        Objects.requireNonNull(process, "process window function must not be null");
        if (evictor != null) {
            return build("Aggregate+Process", new ListStateDescriptor<T>("_window-contents"),
                    InternalWindowFunction.aggregating(function, InternalWindowFunction.singleValue(process)));
        }
        return build("Aggregate+Process", new AggregatingStateDescriptor<>("_window-contents", function),
                InternalWindowFunction.singleValue(process));
    }

    /** Hands all records of a window, with its metadata, to {@code function} (the window keeps every record). */
    public <R> DataStream<R> process(ProcessWindowFunction<T, R, K, W> function) {
        Objects.requireNonNull(function, "process window function must not be null");
        return build("Process", new ListStateDescriptor<T>("_window-contents"), InternalWindowFunction.iterable(function));
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

    private <ACC, R> DataStream<R> build(String function, io.sluice.api.state.StateDescriptor<? extends io.sluice.api.state.AppendingState<T, ACC>> contents,
            InternalWindowFunction<ACC, R, K, W> windowFunction) {
        WindowOperator<K, T, ACC, R, W> operator = new WindowOperator<>(keySelector, assigner, trigger, contents, windowFunction,
                allowedLateness, lateDataTag, evictor);
        String name = "Window(" + assigner + ", " + trigger + (evictor != null ? ", " + evictor.getClass().getSimpleName() : "")
                + ", " + function + ")";
        return keyedInput.transform(name, operator);
    }
}
