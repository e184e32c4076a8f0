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
 * with records: serialize-on-first-touch per key group.
 *
 * <p>The synchronous part ({@link HeapKeyedStateBackend#snapshotAsync}) only freezes the list of
 * states and timer queues and marks every key group pending: microseconds, whatever the state's
 * size. The writer thread then serializes the groups in order. When the task is about to touch a
 * group that is still pending (a record or timer of a key in it), it serializes that one group
 * itself first and leaves the bytes for the writer; if the writer is serializing it at that moment,
 * the task waits for that one group. So the task never pauses for more than one key group, the
 * snapshot holds exactly the state at the barrier, and no state is copied that is not touched.
 * Each group is claimed by one thread through a compare-and-set, so no group is read while written.
 */
public final class KeyedStateSnapshot {

    private static final int PENDING = 0;
    private static final int CLAIMED = 1;
    private static final int DONE = 2;

    private final int maxParallelism;
    private final KeyGroupRange range;
    private final List<StateTable> tables;
    private final List<TimerQueue<?, ?>> queues;
    private final StateSerializer taskSerializer;
    private final ClassLoader classLoader;
    private final AtomicIntegerArray status;
    /** Groups the task serialized first, until the writer takes them; null entries otherwise. */
    private final byte[][] serializedByTask;
    private final Output taskBlock = new Output(4096, -1);
    private volatile boolean finished;
    private volatile boolean cancelled;
    /** Why the task thread could not serialize a group: the checkpoint fails with it, the task goes on. */
    private volatile IOException taskFailure;

    KeyedStateSnapshot(HeapKeyedStateBackend<?> backend) {
        this.maxParallelism = backend.getMaxParallelism();
        this.range = backend.getKeyGroupRange();
        this.tables = List.copyOf(backend.tables.values());
        this.queues = List.copyOf(backend.timerQueues.values());
        this.taskSerializer = backend.serializer();
        this.classLoader = backend.classLoader();
        this.status = new AtomicIntegerArray(range.size());
        this.serializedByTask = new byte[range.size()][];
    }

    public KeyGroupRange keyGroupRange() {
        return range;
    }

    boolean isFinished() {
        return finished;
    }

    /** Task thread: group {@code index} is about to change; make sure its frozen content is serialized first. */
    void beforeTouch(int index) {
        int state = status.get(index);
        if (state == DONE) {
            return;
        }
        if (state == PENDING && status.compareAndSet(index, PENDING, CLAIMED)) {
            try {
                if (KeyGroupSnapshots.serializeGroup(tables, queues, index, taskSerializer, taskBlock)) {
                    serializedByTask[index] = taskBlock.toBytes();
                }
            } catch (RuntimeException e) {
                // a value that cannot be serialized fails the checkpoint (the writer reports it), not the task
                if (taskFailure == null) {
                    taskFailure = cannotSerialize(index, e);
                }
            } finally {
                status.set(index, DONE); // also on failure: the writer waits for this group otherwise forever
            }
            return;
        }
        while (status.get(index) != DONE) { // the writer is serializing this group right now
            LockSupport.parkNanos(20_000);
        }
    }

    /** Writer thread: writes the snapshot in the format of {@link KeyGroupSnapshots}. */
    public void writeTo(OutputStream stream) throws IOException {
        try {
            DataOutputStream out = new DataOutputStream(stream);
            KeyGroupSnapshots.writeHeader(out, maxParallelism);
            StateSerializer serializer = new StateSerializer(classLoader); // Kryo is not thread-safe
            Output block = new Output(64 * 1024, -1);
            for (int index = 0; index < range.size(); index++) {
                if (cancelled) {
                    throw new IOException("the checkpoint was cancelled");
                }
                if (status.compareAndSet(index, PENDING, CLAIMED)) {
                    boolean any;
                    try {
                        any = KeyGroupSnapshots.serializeGroup(tables, queues, index, serializer, block);
                    } catch (RuntimeException e) {
                        throw cannotSerialize(index, e);
                    } finally {
                        status.set(index, DONE);
                    }
                    if (any) {
                        KeyGroupSnapshots.writeBlock(out, range.start() + index, block.getBuffer(), block.position());
                    }
                    continue;
                }
                while (status.get(index) != DONE) {
                    LockSupport.parkNanos(20_000);
                }
                if (taskFailure != null) {
                    throw taskFailure;
                }
                byte[] bytes = serializedByTask[index];
                if (bytes != null) {
                    serializedByTask[index] = null;
                    KeyGroupSnapshots.writeBlock(out, range.start() + index, bytes, bytes.length);
                }
            }
            KeyGroupSnapshots.writeEnd(out);
        } finally {
            finished = true;
        }
    }

    private IOException cannotSerialize(int index, RuntimeException cause) {
        return new IOException("cannot serialize the keyed state of key group " + (range.start() + index) + ": "
                + cause.getMessage(), cause);
    }

    /** The checkpoint is abandoned: the writer stops at the next group; the task stops serializing for it. */
    public void cancel() {
        cancelled = true;
    }

    boolean isCancelled() {
        return cancelled;
    }
}
