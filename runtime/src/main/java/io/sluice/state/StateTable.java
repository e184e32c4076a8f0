package io.sluice.state;

import java.util.HashMap;

/**
 * The values of one named state, one hash map per {@link KeyGroupSlices slice} of the backend's key
 * groups, so a snapshot can write (and a restore take) whole key groups slice by slice. Maps are
 * {@code key -> value}, or {@code key -> (namespace -> value)} for namespaced (window) state.
 */
final class StateTable {

    final String name;
    final String kind;
    final boolean namespaced;
    final HashMap<Object, Object>[] slices;

    @SuppressWarnings("unchecked")
    StateTable(String name, String kind, boolean namespaced, int numberOfSlices) {
        this.name = name;
        this.kind = kind;
        this.namespaced = namespaced;
        this.slices = new HashMap[numberOfSlices];
    }

    HashMap<Object, Object> slice(int index) {
        HashMap<Object, Object> map = slices[index];
        if (map == null) {
            map = new HashMap<>();
            slices[index] = map;
        }
        return map;
    }

    /** Number of entries (keys, or key/namespace pairs) over all slices; for tests and metrics. */
    long size() {
        long size = 0;
        for (HashMap<Object, Object> map : slices) {
            if (map == null) {
                continue;
            }
            if (!namespaced) {
                size += map.size();
            } else {
                for (Object inner : map.values()) {
                    size += ((HashMap<?, ?>) inner).size();
                }
            }
        }
        return size;
    }
}
