package io.sluice.state;

import io.sluice.api.state.ReducingState;
import io.sluice.api.functions.ReduceFunction;
import java.util.Collection;

final class HeapReducingState<K, N, T> extends AbstractHeapState<K, N, T> implements ReducingState<T> {

    private final ReduceFunction<T> reduceFunction;

    HeapReducingState(HeapKeyedStateBackend<K> backend, StateTable table, ReduceFunction<T> reduceFunction) {
        super(backend, table);
        this.reduceFunction = reduceFunction;
    }

    @Override
    public T get() {
        return getInternal();
    }

    @Override
    public void add(T value) {
        T current = getInternal();
        try {
            putInternal(current == null ? value : reduceFunction.reduce(current, value));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new StateFunctionException(e);
        }
    }

    @Override
    public void mergeNamespaces(N target, Collection<N> sources) throws Exception {
        mergeWith(target, sources, reduceFunction::reduce);
    }
}
