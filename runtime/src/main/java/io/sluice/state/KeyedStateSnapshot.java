package io.sluice.state;

import com.esotericsoftware.kryo.io.Output;
import io.sluice.state.timers.TimerQueue;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;

/**
 * A checkpoint of a heap keyed backend that is written off the task thread while the task goes on
 * with records: serialize-on-first-touch per {@link KeyGroupSlices slice}.
 *
 * <p>The synchronous part ({@link HeapKeyedStateBackend#snapshotAsync}) only freezes the list of
 * states and timer queues and marks every slice pending: microseconds, whatever the state's size.
 * The writer thread then serializes the slices in order and writes them grouped by key group. When
 * the task is about to touch a slice that is still pending (a record or timer of a key in it), it
 * serializes that one slice itself first and leaves the bytes for the writer; if the writer is
 * serializing it at that moment, the task waits for that one slice. So the task never pauses for
 * more than about two slices (1/4096 of the instance's state each), the snapshot holds exactly the
 * state at the barrier, and no state is copied that is not touched. Each slice is claimed by one
 * thread through a compare-and-set, so no slice is read while written.
 */
public final class KeyedStateSnapshot {

    private static final int PENDING = 0;
    private static final int CLAIMED = 1;
    private static final int DONE = 2;

    private final int maxParallelism;
    private final KeyGroupRange range;
    private final KeyGroupSlices slices;
    private final List<StateTable> tables;
    private final List<TimerQueue<?, ?>> queues;
    private final StateSerializer taskSerializer;
    private final ClassLoader classLoader;
    private final AtomicIntegerArray status;
    /** Slices the task serialized first, until the writer takes them; null entries otherwise. */
    private final byte[][] serializedByTask;
    /** Number of parts in each of {@link #serializedByTask}. */
    private final int[] partsByTask;
    private final Output taskBlock = new Output(4096, -1);
    /** Written by the task thread only. */
    private long bytesSerializedByTask;
    private volatile boolean finished;
    private volatile boolean cancelled;
    /** Why the task thread could not serialize a slice: the checkpoint fails with it, the task goes on. */
    private volatile IOException taskFailure;

    KeyedStateSnapshot(HeapKeyedStateBackend<?> backend) {
        this.maxParallelism = backend.getMaxParallelism();
        this.range = backend.getKeyGroupRange();
        this.slices = backend.slices;
        this.tables = List.copyOf(backend.tables.values());
        this.queues = List.copyOf(backend.timerQueues.values());
        this.taskSerializer = backend.serializer();
        this.classLoader = backend.classLoader();
        this.status = new AtomicIntegerArray(slices.count());
        this.serializedByTask = new byte[slices.count()][];
        this.partsByTask = new int[slices.count()];
    }

    public KeyGroupRange keyGroupRange() {
        return range;
    }

    boolean isFinished() {
        return finished;
    }

    /** Task thread: slice {@code index} is about to change; make sure its frozen content is serialized first. */
    void beforeTouch(int index) {
        int state = status.get(index);
        if (state == DONE) {
            return;
        }
        if (state == PENDING && status.compareAndSet(index, PENDING, CLAIMED)) {
            try {
                taskBlock.reset();
                int parts = KeyGroupSnapshots.serializeSlice(tables, queues, index, taskSerializer, taskBlock);
                if (parts > 0) {
                    serializedByTask[index] = taskBlock.toBytes();
                    partsByTask[index] = parts;
                    bytesSerializedByTask += taskBlock.position();
                }
            } catch (RuntimeException e) {
                // a value that cannot be serialized fails the checkpoint (the writer reports it), not the task
                if (taskFailure == null) {
                    taskFailure = cannotSerialize(index, e);
                }
            } finally {
                status.set(index, DONE); // also on failure: the writer waits for this slice otherwise forever
            }
            return;
        }
        while (status.get(index) != DONE) { // the writer is serializing this slice right now
            LockSupport.parkNanos(20_000);
        }
    }

    /**
     * How much of the snapshot the task thread serialized itself (slices it touched before the writer
     * reached them): the cost the asynchronous part puts on the task. Read it on the task thread.
     */
    public long bytesSerializedByTask() {
        return bytesSerializedByTask;
    }

    /** Writer thread: writes the snapshot in the format of {@link KeyGroupSnapshots}. */
    public void writeTo(OutputStream stream) throws IOException {
        try {
            DataOutputStream out = new DataOutputStream(stream);
            KeyGroupSnapshots.writeHeader(out, maxParallelism);
            StateSerializer serializer = new StateSerializer(classLoader); // Kryo is not thread-safe
            Output group = new Output(64 * 1024, -1);
            Output header = new Output(8);
            for (int groupIndex = 0; groupIndex < range.size(); groupIndex++) {
                group.reset();
                int parts = 0;
                int first = slices.firstSliceOf(groupIndex);
                for (int index = first; index < first + slices.perGroup(); index++) {
                    if (cancelled) {
                        throw new IOException("the checkpoint was cancelled");
                    }
                    parts += writeSlice(index, serializer, group);
                }
                KeyGroupSnapshots.writeBlock(out, header, range.start() + groupIndex, parts, group.getBuffer(),
                        group.position());
            }
            KeyGroupSnapshots.writeEnd(out);
        } finally {
            finished = true;
        }
    }

    /** Appends slice {@code index} to {@code group}: serialized here, or taken from the task if it was first. */
    private int writeSlice(int index, StateSerializer serializer, Output group) throws IOException {
        if (status.compareAndSet(index, PENDING, CLAIMED)) {
            try {
                return KeyGroupSnapshots.serializeSlice(tables, queues, index, serializer, group);
            } catch (RuntimeException e) {
                throw cannotSerialize(index, e);
            } finally {
                status.set(index, DONE);
            }
        }
        while (status.get(index) != DONE) {
            LockSupport.parkNanos(20_000);
        }
        if (taskFailure != null) {
            throw taskFailure;
        }
        byte[] bytes = serializedByTask[index];
        if (bytes == null) {
            return 0;
        }
        serializedByTask[index] = null;
        group.writeBytes(bytes);
        return partsByTask[index];
    }

    private IOException cannotSerialize(int index, RuntimeException cause) {
        int groupIndex = index / slices.perGroup();
        return new IOException("cannot serialize the keyed state of key group " + (range.start() + groupIndex) + ": "
                + cause.getMessage(), cause);
    }

    /** The checkpoint is abandoned: the writer stops at the next slice; the task stops serializing for it. */
    public void cancel() {
        cancelled = true;
    }

    boolean isCancelled() {
        return cancelled;
    }
}
