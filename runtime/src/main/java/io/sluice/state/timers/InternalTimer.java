package io.sluice.state.timers;

import java.util.Objects;

/**
 * A timer of a keyed operator: fires at {@code timestamp} with {@code key} current, for
 * {@code namespace} (the window, for window operators). Two timers are the same timer when key,
 * namespace and timestamp are equal; registering it again has no effect.
 */
public final class InternalTimer<K, N> implements Comparable<InternalTimer<?, ?>> {

    private final long timestamp;
    private final K key;
    private final N namespace;
    /** The backend's slice of the key (see {@code KeyGroupSlices}), so the timer is filed without re-hashing. */
    final int sliceIndex;

    InternalTimer(long timestamp, K key, N namespace, int sliceIndex) {
        this.timestamp = timestamp;
        this.key = key;
        this.namespace = namespace;
        this.sliceIndex = sliceIndex;
    }

    public long getTimestamp() {
        return timestamp;
    }

    public K getKey() {
        return key;
    }

    public N getNamespace() {
        return namespace;
    }

    @Override
    public int compareTo(InternalTimer<?, ?> other) {
        return Long.compare(timestamp, other.timestamp);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InternalTimer<?, ?> other && timestamp == other.timestamp
                && key.equals(other.key) && Objects.equals(namespace, other.namespace);
    }

    @Override
    public int hashCode() {
        int h = Long.hashCode(timestamp);
        h = 31 * h + key.hashCode();
        return 31 * h + Objects.hashCode(namespace);
    }

    @Override
    public String toString() {
        return "Timer(" + timestamp + ", key=" + key + ", namespace=" + namespace + ")";
    }
}
