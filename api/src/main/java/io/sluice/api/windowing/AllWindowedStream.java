package io.sluice.api.windowing;

import io.sluice.api.DataStream;
import io.sluice.api.OutputTag;
import io.sluice.api.functions.AggregateFunction;
import io.sluice.api.functions.ReduceFunction;
import io.sluice.api.windowing.evictors.Evictor;
import io.sluice.api.windowing.triggers.Trigger;
import io.sluice.api.windowing.windows.Window;
import java.time.Duration;
import java.util.function.Function;

/**
 * Windows over a whole (non-keyed) stream ({@code DataStream.windowAll}): all records go to one
 * window operator instance, so the result runs with parallelism 1. Same configuration and functions
 * as {@link WindowedStream}; process window functions see the key {@code 0}.
 */
public final class AllWindowedStream<T, W extends Window> {

    private final WindowedStream<T, Integer, W> windowed;

    public AllWindowedStream(WindowedStream<T, Integer, W> windowed) {
        this.windowed = windowed;
    }

    public AllWindowedStream<T, W> trigger(Trigger<? super T, ? super W> trigger) {
        windowed.trigger(trigger);
        return this;
    }

    public AllWindowedStream<T, W> evictor(Evictor<? super T, ? super W> evictor) {
        windowed.evictor(evictor);
        return this;
    }

    public AllWindowedStream<T, W> allowedLateness(Duration lateness) {
        windowed.allowedLateness(lateness);
        return this;
    }

    public AllWindowedStream<T, W> sideOutputLateData(OutputTag<T> tag) {
        windowed.sideOutputLateData(tag);
        return this;
    }

    public DataStream<T> reduce(ReduceFunction<T> function) {
        return single(w -> w.reduce(function));
    }

    public <R> DataStream<R> reduce(ReduceFunction<T> function, ProcessWindowFunction<T, R, Integer, W> process) {
        return single(w -> w.reduce(function, process));
    }

    public <ACC, R> DataStream<R> aggregate(AggregateFunction<T, ACC, R> function) {
        return single(w -> w.aggregate(function));
    }

    public <ACC, V, R> DataStream<R> aggregate(AggregateFunction<T, ACC, V> function,
            ProcessWindowFunction<V, R, Integer, W> process) {
        return single(w -> w.aggregate(function, process));
    }

    public <R> DataStream<R> process(ProcessWindowFunction<T, R, Integer, W> function) {
        return single(w -> w.process(function));
    }

    public DataStream<T> sum(int position) {
        return single(w -> w.sum(position));
    }

    public DataStream<T> sum(String field) {
        return single(w -> w.sum(field));
    }

    public DataStream<T> min(int position) {
        return single(w -> w.min(position));
    }

    public DataStream<T> max(int position) {
        return single(w -> w.max(position));
    }

    public DataStream<T> minBy(int position) {
        return single(w -> w.minBy(position));
    }

    public DataStream<T> maxBy(int position) {
        return single(w -> w.maxBy(position));
    }

    private <R> DataStream<R> single(Function<WindowedStream<T, Integer, W>, DataStream<R>> build) {
        return build.apply(windowed).setParallelism(1);
    }
}
