package io.sluice.streaming.operators;

import io.sluice.api.functions.Collector;
import io.sluice.api.functions.FlatMapFunction;
import io.sluice.api.functions.MapFunction;
import io.sluice.api.functions.RichFunction;
import io.sluice.api.functions.RuntimeContext;

/** Runs a rich map function as a flatMap on a keyed stream, passing its lifecycle through. */
public final class KeyedMapAdapter<T, R> implements FlatMapFunction<T, R>, RichFunction {

    private static final long serialVersionUID = 1L;

    private final MapFunction<T, R> function;

    public KeyedMapAdapter(MapFunction<T, R> function) {
        this.function = function;
    }

    @Override
    public void flatMap(T value, Collector<R> out) throws Exception {
        out.collect(function.map(value));
    }

    @Override
    public void open() throws Exception {
        ((RichFunction) function).open();
    }

    @Override
    public void close() throws Exception {
        ((RichFunction) function).close();
    }

    @Override
    public RuntimeContext getRuntimeContext() {
        return ((RichFunction) function).getRuntimeContext();
    }

    @Override
    public void setRuntimeContext(RuntimeContext context) {
        ((RichFunction) function).setRuntimeContext(context);
    }
}
