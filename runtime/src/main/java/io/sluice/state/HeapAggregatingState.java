package io.sluice.state;

import io.sluice.api.state.AggregatingState;
import io.sluice.api.functions.AggregateFunction;
import java.util.Collection;

final class HeapAggregatingState<K, N, IN, ACC, OUT> extends AbstractHeapState<K, N, ACC>
        implements AggregatingState<IN, OUT> {

    private final AggregateFunction<IN, ACC, OUT> function;

    HeapAggregatingState(HeapKeyedStateBackend<K> backend, StateTable table, AggregateFunction<IN, ACC, OUT> function) {
        super(backend, table);
        this.function = function;
    }

    @Override
    public OUT get() {
        ACC accumulator = getInternal();
        return accumulator == null ? null : function.getResult(accumulator);
    }

    @Override
    public void add(IN value) {
        ACC accumulator = getInternal();
        putInternal(function.add(value, accumulator == null ? function.createAccumulator() : accumulator));
    }

    @Override
    public void mergeNamespaces(N target, Collection<N> sources) throws Exception {
        mergeWith(target, sources, function::merge);
    }
}
