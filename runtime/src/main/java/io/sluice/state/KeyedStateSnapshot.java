package io.sluice.state;

import com.esotericsoftware.kryo.io.Output;
import io.sluice.state.timers.InternalTimer;
import io.sluice.state.timers.TimerQueue;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;

/**
 * A checkpoint of a heap keyed backend that is written off the task thread while the task goes on
 * with records: copy-on-write per entry ({@link StateMap}), frozen lazily per {@link KeyGroupSlices slice}.
 *
 * <p>The synchronous part ({@link HeapKeyedStateBackend#snapshotAsync}) only raises the backend's
 * version, so that every existing entry and value is copied before it changes, and marks every
 * slice pending: microseconds, whatever the state's size. A slice is then frozen (a copy of its
 * bucket arrays and of its timers) by whichever thread comes first: the task, when it is about to
 * touch the slice, or the writer, when it reaches it. Either way that takes microseconds, and the
 * other thread waits at most that long. The writer serializes the frozen slices in order and writes
 * them grouped by key group, while the task goes on; the task copies only the entries it changes.
 * Each slice is claimed by one thread through a compare-and-set, so no slice is frozen while it changes.
 */
public final class KeyedStateSnapshot {

    private static final int PENDING = 0;
    private static final int CLAIMED = 1;
    private static final int FROZEN = 2;

    /** The frozen content of one slice: bucket arrays per state (null when empty), timers per queue. */
    private record FrozenSlice(StateMap.Entry[][] tables, List<? extends InternalTimer<?, ?>>[] timers) {}

    private final int version;
    private final int maxParallelism;
    private final KeyGroupRange range;
    private final KeyGroupSlices slices;
    private final List<StateTable> tables;
    private final List<TimerQueue<?, ?>> queues;
    private final ClassLoader classLoader;
    private final AtomicIntegerArray status;
    private final FrozenSlice[] frozen;
    /** Set by whoever comes first: the writer that starts, or a cancel before it started. */
    private final AtomicBoolean claimedByWriter = new AtomicBoolean();
    /** Written by the task thread only. */
    private long slicesFrozenByTask;
    private long longestFreezeByTaskNanos;
    private volatile boolean finished;
    private volatile boolean cancelled;

    KeyedStateSnapshot(HeapKeyedStateBackend<?> backend, int version) {
        this.version = version;
        this.maxParallelism = backend.getMaxParallelism();
        this.range = backend.getKeyGroupRange();
        this.slices = backend.slices;
        this.tables = List.copyOf(backend.tables.values());
        this.queues = List.copyOf(backend.timerQueues.values());
        this.classLoader = backend.classLoader();
        this.status = new AtomicIntegerArray(slices.count());
        this.frozen = new FrozenSlice[slices.count()];
    }

    public KeyGroupRange keyGroupRange() {
        return range;
    }

    int version() {
        return version;
    }

    /** True once the writer will not read the frozen state any more (done, failed or cancelled). */
    boolean isFinished() {
        return finished;
    }

    /** Task thread: slice {@code index} is about to change; make sure its frozen content is kept first. */
    void beforeTouch(int index) {
        int state = status.get(index);
        if (state == FROZEN) {
            return;
        }
        if (state == PENDING && status.compareAndSet(index, PENDING, CLAIMED)) {
            long start = System.nanoTime();
            frozen[index] = freeze(index);
            status.set(index, FROZEN);
            slicesFrozenByTask++;
            longestFreezeByTaskNanos = Math.max(longestFreezeByTaskNanos, System.nanoTime() - start);
            return;
        }
        while (status.get(index) != FROZEN) { // the writer is freezing this slice right now: microseconds
            LockSupport.parkNanos(1_000);
        }
    }

    /** Task thread: freezes every slice not frozen yet (a newer snapshot takes over the touch tracking). */
    void freezeAll() {
        for (int i = 0; i < frozen.length; i++) {
            beforeTouch(i);
        }
    }

    @SuppressWarnings("unchecked")
    private FrozenSlice freeze(int index) {
        StateMap.Entry[][] buckets = new StateMap.Entry[tables.size()][];
        boolean any = false;
        for (int t = 0; t < buckets.length; t++) {
            StateMap map = tables.get(t).slices[index];
            buckets[t] = map == null ? null : map.freezeBuckets();
            any |= buckets[t] != null;
        }
        List<? extends InternalTimer<?, ?>>[] timers = new List[queues.size()];
        for (int q = 0; q < timers.length; q++) {
            TimerQueue<?, ?> queue = queues.get(q);
            timers[q] = queue.hasTimersInSlice(index) ? queue.timersOfSlice(index) : null;
            any |= timers[q] != null;
        }
        return any ? new FrozenSlice(buckets, timers) : null;
    }

    /**
     * How many slices the task thread froze itself (it touched them before the writer reached them),
     * each a copy of a bucket array. Read it on the task thread.
     */
    public long slicesFrozenByTask() {
        return slicesFrozenByTask;
    }

    /** The longest time the task thread spent freezing one slice: what this snapshot made it wait. */
    public long longestFreezeByTaskNanos() {
        return longestFreezeByTaskNanos;
    }

    /** Writer thread: writes the snapshot in the format of {@link KeyGroupSnapshots}. */
    public void writeTo(OutputStream stream) throws IOException {
        if (!claimedByWriter.compareAndSet(false, true)) {
            throw new IOException("the checkpoint was cancelled");
        }
        try {
            StateSerializer serializer = new StateSerializer(classLoader); // Kryo is not thread-safe
            KeyGroupSnapshots.writeGroups(stream, maxParallelism, range, slices, (index, group) -> {
                if (cancelled) {
                    throw new IOException("the checkpoint was cancelled");
                }
                return writeSlice(index, serializer, group);
            });
        } finally {
            finished = true; // the task may now change what this snapshot froze in place again
        }
    }

    /** Appends the parts of slice {@code index} to {@code group}; freezes it first if the task has not. */
    private int writeSlice(int index, StateSerializer serializer, Output group) throws IOException {
        if (status.compareAndSet(index, PENDING, CLAIMED)) {
            frozen[index] = freeze(index);
            status.set(index, FROZEN);
        } else {
            while (status.get(index) != FROZEN) {
                LockSupport.parkNanos(1_000);
            }
        }
        FrozenSlice slice = frozen[index];
        frozen[index] = null; // written: let the copies go
        if (slice == null) {
            return 0;
        }
        try {
            return KeyGroupSnapshots.serializeSlice(tables, slice.tables(), queues, slice.timers(), serializer, group);
        } catch (RuntimeException e) {
            int groupIndex = index / slices.perGroup();
            throw new IOException("cannot serialize the keyed state of key group " + (range.start() + groupIndex) + ": "
                    + e.getMessage(), e);
        }
    }

    /** The checkpoint is abandoned: the writer stops at the next slice, or never starts. */
    public void cancel() {
        cancelled = true;
        if (claimedByWriter.compareAndSet(false, true)) {
            finished = true; // no writer will read the frozen state
        }
    }
}
