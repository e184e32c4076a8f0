package io.sluice.network.partition;

import io.sluice.network.buffer.Buffer;
import java.util.ArrayDeque;

/**
 * The queue of finished buffers for one consumer subtask. The producer adds buffers (its writer
 * fills them), one reader (a local channel or the network server) takes them. The listener hears
 * of the transition from empty to non-empty, which is all a reader needs to avoid polling.
 */
public final class ResultSubpartition {

    private final ResultPartition parent;
    private final int index;
    private final ArrayDeque<Buffer> buffers = new ArrayDeque<>();
    private SubpartitionListener listener;
    private boolean finished;
    private boolean released;
    private boolean viewCreated;

    ResultSubpartition(ResultPartition parent, int index) {
        this.parent = parent;
        this.index = index;
    }

    public int index() {
        return index;
    }

    void add(Buffer buffer) {
        SubpartitionListener notify;
        synchronized (this) {
            if (released) {
                buffer.recycle();
                return;
            }
            buffers.add(buffer);
            notify = buffers.size() == 1 ? listener : null;
        }
        if (notify != null) {
            notify.notifyDataAvailable();
        }
    }

    void finish() {
        SubpartitionListener notify;
        synchronized (this) {
            finished = true;
            notify = listener;
        }
        if (notify != null) {
            notify.notifyDataAvailable();
        }
    }

    /** Drops queued data; a reader then sees the producer's failure (if any) on its next poll. */
    void release() {
        SubpartitionListener notify;
        synchronized (this) {
            if (released) {
                return;
            }
            released = true;
            Buffer b;
            while ((b = buffers.poll()) != null) {
                b.recycle();
            }
            notify = listener;
        }
        if (notify != null) {
            notify.notifyDataAvailable();
        }
    }

    synchronized void createView(SubpartitionListener listener) {
        if (viewCreated) {
            throw new IllegalStateException("subpartition " + index + " of " + parent.id() + " is already being read");
        }
        viewCreated = true;
        this.listener = listener;
    }

    /** Next buffer, or null when none is queued. Throws when the producer failed. */
    public Buffer poll() throws ProducerFailedException {
        synchronized (this) {
            Buffer b = buffers.poll();
            if (b != null) {
                return b;
            }
            if (released) {
                throw parent.failureForConsumers();
            }
            return null;
        }
    }

    /** Released (producer failed, cancelled, or the slot freed): a reader should stop and report it. */
    public synchronized boolean isReleased() {
        return released;
    }

    public synchronized int backlog() {
        return buffers.size();
    }

    public synchronized boolean isAvailable() {
        return !buffers.isEmpty() || released;
    }

    /** Finished by the producer and every buffer taken: the reader is done. */
    public synchronized boolean isFullyConsumed() {
        return finished && buffers.isEmpty();
    }

    /** The reader is done with this subpartition (fully read, or the consumer went away). */
    public void releaseView() {
        synchronized (this) {
            listener = null;
            Buffer b;
            while ((b = buffers.poll()) != null) {
                b.recycle();
            }
            released = true;
        }
        parent.onSubpartitionReleased();
    }
}
