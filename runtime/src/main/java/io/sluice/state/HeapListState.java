package io.sluice.state;

import io.sluice.api.state.ListState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

final class HeapListState<K, N, T> extends AbstractHeapState<K, N, ArrayList<T>> implements ListState<T> {

    HeapListState(HeapKeyedStateBackend<K> backend, StateTable table) {
        super(backend, table);
    }

    @Override
    public Iterable<T> get() {
        ArrayList<T> list = getInternal();
        return list == null ? List.of() : list;
    }

    @Override
    public void add(T value) {
        if (value == null) {
            throw new NullPointerException("list state '" + table.name + "' does not take null values");
        }
        ArrayList<T> list = getInternal();
        if (list == null) {
            list = new ArrayList<>(4);
            putInternal(list);
        }
        list.add(value);
    }

    @Override
    public void addAll(List<T> values) {
        for (T value : values) {
            add(value);
        }
    }

    @Override
    public void update(List<T> values) {
        clear();
        if (values != null && !values.isEmpty()) {
            addAll(values);
        }
    }

    @Override
    public void mergeNamespaces(N target, Collection<N> sources) throws Exception {
        mergeWith(target, sources, (a, b) -> {
            a.addAll(b);
            return a;
        });
    }
}
