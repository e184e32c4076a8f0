package io.sluice.state.timers;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The timers of one time domain of one operator: a set per slice of the backend's key groups
 * (deduplication, deletion, snapshots by key group and slice) plus one heap ordered by time for firing.
 *
 * <p>Deletion is lazy: a deleted timer leaves the set at once but stays in the heap until it reaches
 * the head, where it is skipped. The heap is rebuilt when such leftovers outnumber live timers.
 */
public final class TimerQueue<K, N> {

    private final String name;
    private final HashSet<InternalTimer<K, N>>[] slices;
    private final PriorityQueue<InternalTimer<K, N>> heap = new PriorityQueue<>();
    private int size;

    @SuppressWarnings("unchecked")
    public TimerQueue(String name, int numberOfSlices) {
        this.name = name;
        this.slices = new HashSet[numberOfSlices];
    }

    public String name() {
        return name;
    }

    /** Adds a timer; false if the same timer is already registered. */
    public boolean add(long timestamp, K key, N namespace, int sliceIndex) {
        InternalTimer<K, N> timer = new InternalTimer<>(timestamp, key, namespace, sliceIndex);
        HashSet<InternalTimer<K, N>> slice = slices[sliceIndex];
        if (slice == null) {
            slice = new HashSet<>();
            slices[sliceIndex] = slice;
        }
        if (!slice.add(timer)) {
            return false;
        }
        heap.add(timer);
        size++;
        return true;
    }

    /** Removes a timer; false if it was not registered. */
    public boolean remove(long timestamp, K key, N namespace, int sliceIndex) {
        HashSet<InternalTimer<K, N>> slice = slices[sliceIndex];
        if (slice == null || !slice.remove(new InternalTimer<>(timestamp, key, namespace, sliceIndex))) {
            return false;
        }
        size--;
        if (heap.size() > 2 * size + 1024) {
            rebuildHeap();
        }
        return true;
    }

    /** The earliest live timer, or null. */
    public InternalTimer<K, N> peek() {
        InternalTimer<K, N> head;
        while ((head = heap.peek()) != null && !isLive(head)) {
            heap.poll();
        }
        return head;
    }

    /** Removes and returns the earliest live timer if it is due at {@code time}, else null. */
    public InternalTimer<K, N> pollDue(long time) {
        InternalTimer<K, N> head = peek();
        if (head == null || head.getTimestamp() > time) {
            return null;
        }
        heap.poll();
        slices[head.sliceIndex].remove(head);
        size--;
        return head;
    }

    public int size() {
        return size;
    }

    /** The live timers of one slice (a copy), for snapshots and tests. */
    public List<InternalTimer<K, N>> timersOfSlice(int sliceIndex) {
        HashSet<InternalTimer<K, N>> slice = slices[sliceIndex];
        return slice == null ? List.of() : new ArrayList<>(slice);
    }

    public boolean hasTimersInSlice(int sliceIndex) {
        HashSet<InternalTimer<K, N>> slice = slices[sliceIndex];
        return slice != null && !slice.isEmpty();
    }

    /** All live timers, earliest first (a copy), for tests. */
    public List<InternalTimer<K, N>> timers() {
        List<InternalTimer<K, N>> all = new ArrayList<>(size);
        for (HashSet<InternalTimer<K, N>> slice : slices) {
            if (slice != null) {
                all.addAll(slice);
            }
        }
        all.sort(null);
        return all;
    }

    private boolean isLive(InternalTimer<K, N> timer) {
        HashSet<InternalTimer<K, N>> slice = slices[timer.sliceIndex];
        return slice != null && slice.contains(timer);
    }

    private void rebuildHeap() {
        heap.clear();
        for (HashSet<InternalTimer<K, N>> slice : slices) {
            if (slice != null) {
                heap.addAll(slice);
            }
        }
    }
}
