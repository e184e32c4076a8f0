package io.sluice.state;

import io.sluice.api.state.ValueState;

final class HeapValueState<K, N, T> extends AbstractHeapState<K, N, T> implements ValueState<T> {

    HeapValueState(HeapKeyedStateBackend<K> backend, StateTable table) {
        super(backend, table);
    }

    @Override
    public T value() {
        return getInternal();
    }

    @Override
    public void update(T value) {
        if (value == null) {
            clear();
        } else {
            putInternal(value);
        }
    }
}
