package io.sluice.state;

import io.sluice.api.state.MapState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

final class HeapMapState<K, N, UK, UV> extends AbstractHeapState<K, N, HashMap<UK, UV>> implements MapState<UK, UV> {

    HeapMapState(HeapKeyedStateBackend<K> backend, StateTable table) {
        super(backend, table);
    }

    @Override
    public UV get(UK key) {
        HashMap<UK, UV> map = getInternal();
        return map == null ? null : map.get(key);
    }

    @Override
    public void put(UK key, UV value) {
        HashMap<UK, UV> map = getInternal();
        if (map == null) {
            map = new HashMap<>();
            putInternal(map);
        }
        map.put(key, value);
    }

    @Override
    public void putAll(Map<UK, UV> values) {
        for (Map.Entry<UK, UV> entry : values.entrySet()) {
            put(entry.getKey(), entry.getValue());
        }
    }

    @Override
    public void remove(UK key) {
        HashMap<UK, UV> map = getInternal();
        if (map != null) {
            map.remove(key);
            if (map.isEmpty()) {
                clear();
            }
        }
    }

    @Override
    public boolean contains(UK key) {
        HashMap<UK, UV> map = getInternal();
        return map != null && map.containsKey(key);
    }

    @Override
    public Iterable<Map.Entry<UK, UV>> entries() {
        HashMap<UK, UV> map = getInternal();
        return map == null ? List.of() : map.entrySet();
    }

    @Override
    public Iterable<UK> keys() {
        HashMap<UK, UV> map = getInternal();
        return map == null ? List.of() : map.keySet();
    }

    @Override
    public Iterable<UV> values() {
        HashMap<UK, UV> map = getInternal();
        return map == null ? List.of() : map.values();
    }

    @Override
    public boolean isEmpty() {
        HashMap<UK, UV> map = getInternal();
        return map == null || map.isEmpty();
    }
}
