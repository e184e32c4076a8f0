package io.sluice.state;

import java.util.HashMap;

/**
 * The values of one named state, one {@link StateMap} per {@link KeyGroupSlices slice} of the
 * backend's key groups, so a snapshot can freeze slice by slice and write (and a restore take) whole
 * key groups. Maps are {@code key -> value}, or {@code key -> (namespace -> value)} with a
 * {@link HashMap} per key for namespaced (window) state.
 */
final class StateTable {

    final String name;
    final String kind;
    final boolean namespaced;
    final StateMap[] slices;
    private final StateMap.Versions versions;

    StateTable(String name, String kind, boolean namespaced, int numberOfSlices, StateMap.Versions versions) {
        this.name = name;
        this.kind = kind;
        this.namespaced = namespaced;
        this.slices = new StateMap[numberOfSlices];
        this.versions = versions;
    }

    StateMap slice(int index) {
        StateMap map = slices[index];
        if (map == null) {
            map = new StateMap(versions);
            slices[index] = map;
        }
        return map;
    }

    /** Number of entries (keys, or key/namespace pairs) over all slices; for tests and metrics. */
    long size() {
        long size = 0;
        for (StateMap map : slices) {
            if (map == null) {
                continue;
            }
            if (!namespaced) {
                size += map.size();
                continue;
            }
            for (StateMap.Entry head : map.buckets()) {
                for (StateMap.Entry e = head; e != null; e = e.next) {
                    size += ((HashMap<?, ?>) e.value).size();
                }
            }
        }
        return size;
    }
}
