package io.sluice.state;

import java.util.HashMap;

/**
 * The values of one named state, one hash map per key group of the backend's range, so a snapshot
 * can write (and a restore take) whole key groups. Maps are {@code key -> value}, or
 * {@code key -> (namespace -> value)} for namespaced (window) state.
 */
final class StateTable {

    final String name;
    final String kind;
    final boolean namespaced;
    final HashMap<Object, Object>[] groups;

    @SuppressWarnings("unchecked")
    StateTable(String name, String kind, boolean namespaced, int numberOfGroups) {
        this.name = name;
        this.kind = kind;
        this.namespaced = namespaced;
        this.groups = new HashMap[numberOfGroups];
    }

    HashMap<Object, Object> group(int index) {
        HashMap<Object, Object> map = groups[index];
        if (map == null) {
            map = new HashMap<>();
            groups[index] = map;
        }
        return map;
    }

    /** Number of entries (keys, or key/namespace pairs) over all key groups; for tests and metrics. */
    long size() {
        long size = 0;
        for (HashMap<Object, Object> map : groups) {
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
