package io.sluice.state;

import java.util.Collection;
import java.util.HashMap;
import java.util.function.UnaryOperator;

/**
 * Common access path of the heap state handles: find the map of the current key's slice, then the
 * current key (and namespace). Reads allocate nothing outside checkpoints; the backend has already
 * computed the slice when the operator set the current key. While a checkpoint is written, the
 * first access to a key's value copies it ({@link StateMap}), since the caller may change it in place.
 */
abstract class AbstractHeapState<K, N, V> implements InternalKvState<N> {

    final HeapKeyedStateBackend<K> backend;
    final StateTable table;
    private final boolean namespaced;
    private final UnaryOperator<Object> copier;
    N namespace;

    AbstractHeapState(HeapKeyedStateBackend<K> backend, StateTable table) {
        this.backend = backend;
        this.table = table;
        this.namespaced = table.namespaced;
        this.copier = namespaced ? backend::copyNamespaces : backend::copyValue;
    }

    @Override
    public void setCurrentNamespace(N namespace) {
        this.namespace = namespace;
    }

    @SuppressWarnings("unchecked")
    final V getInternal() {
        StateMap map = table.slices[backend.currentSliceIndex()];
        if (map == null) {
            return null;
        }
        Object value = map.get(backend.currentKeyObject(), copier);
        if (!namespaced || value == null) {
            return (V) value;
        }
        return ((HashMap<N, V>) value).get(namespace);
    }

    @SuppressWarnings("unchecked")
    final V getInternal(N ns) {
        N previous = namespace;
        namespace = ns;
        try {
            return getInternal();
        } finally {
            namespace = previous;
        }
    }

    @SuppressWarnings("unchecked")
    final void putInternal(V value) {
        StateMap map = table.slice(backend.currentSliceIndex());
        if (!namespaced) {
            map.put(backend.currentKeyObject(), value);
            return;
        }
        HashMap<N, V> inner = (HashMap<N, V>) map.get(backend.currentKeyObject(), copier);
        if (inner == null) {
            inner = new HashMap<>(4);
            map.put(backend.currentKeyObject(), inner);
        }
        inner.put(namespace, value);
    }

    @SuppressWarnings("unchecked")
    final void removeInternal(N ns) {
        StateMap map = table.slices[backend.currentSliceIndex()];
        if (map == null) {
            return;
        }
        if (!namespaced) {
            map.remove(backend.currentKeyObject());
            return;
        }
        HashMap<N, V> inner = (HashMap<N, V>) map.get(backend.currentKeyObject(), copier);
        if (inner != null) {
            inner.remove(ns);
            if (inner.isEmpty()) {
                map.remove(backend.currentKeyObject());
            }
        }
    }

    @Override
    public void clear() {
        removeInternal(namespace);
    }

    @Override
    public void mergeNamespaces(N target, Collection<N> sources) throws Exception {
        throw new UnsupportedOperationException(table.kind + " state '" + table.name + "' cannot be merged");
    }

    /** Merges {@code sources} into {@code target} with {@code merge} (a non-null value wins over null). */
    final void mergeWith(N target, Collection<N> sources, Merger<V> merge) throws Exception {
        N previous = namespace;
        try {
            V merged = null;
            for (N source : sources) {
                namespace = source;
                V value = getInternal();
                if (value != null) {
                    removeInternal(source);
                    merged = merged == null ? value : merge.merge(merged, value);
                }
            }
            if (merged != null) {
                namespace = target;
                V existing = getInternal();
                putInternal(existing == null ? merged : merge.merge(existing, merged));
            }
        } finally {
            namespace = previous;
        }
    }

    @FunctionalInterface
    interface Merger<V> {
        V merge(V a, V b) throws Exception;
    }
}
