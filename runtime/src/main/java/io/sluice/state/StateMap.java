package io.sluice.state;

import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * The {@code key -> value} map of one slice of one keyed state: a chained hash table that is
 * copy-on-write against the snapshots being written, so that a checkpoint's synchronous part
 * costs no copying at all and the task afterwards copies only the entries it changes.
 *
 * <p>A snapshot keeps a copy of the bucket array ({@link #buckets()}, taken by {@link KeyedStateSnapshot}
 * before the slice changes) and walks the entry chains on another thread. Every entry and every value
 * carries the {@link Versions#current version} of the backend when it was created or set. An entry
 * older than {@link Versions#highestRequired} may be reachable from a snapshot, so the task never
 * changes it: to update it, it copies it (and the entries before it in its chain, whose {@code next}
 * would change); to hand out its value for possible change in place (a list, a map, an accumulator,
 * a user object), it copies the value first. Entries and values newer than that belong to the live
 * state only and change in place. This is the scheme of Flink's copy-on-write heap state map, per slice.
 *
 * <p>Task thread only, except {@link Entry}s reachable from a snapshot's copy of the buckets, which
 * the writer thread reads and nothing changes.
 */
final class StateMap {

    /** The backend-wide version counter, shared by all its maps. Task thread only. */
    static final class Versions {
        /** Version given to entries and values created or set now. */
        int current;
        /** Entries and values with a lower version may be part of a snapshot still being written. */
        int highestRequired;

        /** A snapshot is taken: everything that exists now is frozen for it. Returns its version. */
        int freeze() {
            current++;
            highestRequired = current;
            return current;
        }

        boolean shared(int version) {
            return version < highestRequired;
        }
    }

    static final class Entry {
        final Object key;
        final int hash;
        Object value;
        Entry next;
        int entryVersion;
        int valueVersion;

        Entry(Object key, int hash, Object value, Entry next, int entryVersion, int valueVersion) {
            this.key = key;
            this.hash = hash;
            this.value = value;
            this.next = next;
            this.entryVersion = entryVersion;
            this.valueVersion = valueVersion;
        }
    }

    private static final Entry[] EMPTY = new Entry[0];
    private static final int MIN_CAPACITY = 4;

    private final Versions versions;
    private Entry[] buckets = EMPTY;
    private int size;

    StateMap(Versions versions) {
        this.versions = versions;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The bucket array; a snapshot copies it before the slice changes. */
    Entry[] buckets() {
        return buckets;
    }

    private static int hash(Object key) {
        int h = key.hashCode();
        return h ^ (h >>> 16);
    }

    /**
     * The value of {@code key}, or null; safe to change in place: a value that a snapshot may still
     * read is replaced by {@code copier}'s copy first.
     */
    Object get(Object key, UnaryOperator<Object> copier) {
        Entry[] tab = buckets;
        if (tab.length == 0) {
            return null;
        }
        int h = hash(key);
        int index = h & (tab.length - 1);
        for (Entry e = tab[index]; e != null; e = e.next) {
            if (e.hash == h && key.equals(e.key)) {
                if (!versions.shared(e.valueVersion)) {
                    return e.value;
                }
                if (versions.shared(e.entryVersion)) {
                    e = copyUpTo(index, e);
                }
                e.value = copier.apply(e.value);
                e.valueVersion = versions.current;
                return e.value;
            }
        }
        return null;
    }

    void put(Object key, Object value) {
        int h = hash(key);
        Entry[] tab = buckets;
        if (tab.length > 0) {
            int index = h & (tab.length - 1);
            for (Entry e = tab[index]; e != null; e = e.next) {
                if (e.hash == h && key.equals(e.key)) {
                    if (versions.shared(e.entryVersion)) {
                        e = copyUpTo(index, e);
                    }
                    e.value = value;
                    e.valueVersion = versions.current;
                    return;
                }
            }
        }
        if (size + 1 > tab.length - (tab.length >>> 2)) { // load factor 0.75
            tab = resize();
        }
        int index = h & (tab.length - 1);
        // a new head: the old head (perhaps frozen) is only pointed at, never changed
        tab[index] = new Entry(key, h, value, tab[index], versions.current, versions.current);
        size++;
    }

    void remove(Object key) {
        Entry[] tab = buckets;
        if (tab.length == 0) {
            return;
        }
        int h = hash(key);
        int index = h & (tab.length - 1);
        Entry previous = null;
        for (Entry e = tab[index]; e != null; previous = e, e = e.next) {
            if (e.hash == h && key.equals(e.key)) {
                if (previous == null) {
                    tab[index] = e.next; // the live bucket array is never a snapshot's copy
                } else {
                    if (versions.shared(previous.entryVersion)) {
                        previous = copyUpTo(index, previous);
                    }
                    previous.next = e.next;
                }
                size--;
                return;
            }
        }
    }

    /**
     * Makes the chain of bucket {@code index} up to and including {@code target} changeable: every
     * frozen entry on the way is replaced by a copy, since its successor pointer may change. Returns
     * {@code target}'s copy.
     */
    private Entry copyUpTo(int index, Entry target) {
        Entry[] tab = buckets;
        Entry current = tab[index];
        Entry last = changeable(current);
        tab[index] = last;
        while (current != target) {
            current = current.next;
            Entry copy = changeable(current);
            last.next = copy;
            last = copy;
        }
        return last;
    }

    /** {@code e} itself if no snapshot can see it, else a copy (same successor, same value and value version). */
    private Entry changeable(Entry e) {
        if (!versions.shared(e.entryVersion)) {
            return e;
        }
        return new Entry(e.key, e.hash, e.value, e.next, versions.current, e.valueVersion);
    }

    private Entry[] resize() {
        Entry[] old = buckets;
        Entry[] tab = new Entry[Math.max(MIN_CAPACITY, old.length * 2)];
        int mask = tab.length - 1;
        for (Entry head : old) {
            for (Entry e = head; e != null; ) {
                Entry next = e.next;
                Entry moved = changeable(e); // a frozen entry keeps its successor: move a copy
                int index = e.hash & mask;
                moved.next = tab[index];
                tab[index] = moved;
                e = next;
            }
        }
        buckets = tab;
        return tab;
    }

    /** A copy of the bucket array for a snapshot, or null when the map is empty. */
    Entry[] freezeBuckets() {
        return size == 0 ? null : Arrays.copyOf(buckets, buckets.length);
    }
}
