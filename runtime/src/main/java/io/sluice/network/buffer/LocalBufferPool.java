package io.sluice.network.buffer;

import java.util.ArrayDeque;

/**
 * The buffers of one task's outputs or inputs: at least {@code min} segments (reserved when created,
 * so a task that starts can always make progress), at most {@code max}. A writer that finds the
 * pool empty blocks until a consumer recycles a buffer: that wait is backpressure, and the bound is
 * why memory stays bounded however slow the consumer is.
 */
public final class LocalBufferPool implements BufferRecycler {

    private final NetworkBufferPool global;
    private final int min;
    private final int max;
    private final String owner;
    private final ArrayDeque<byte[]> available = new ArrayDeque<>();
    private final ArrayDeque<BufferListener> listeners = new ArrayDeque<>();
    private int owned;
    private int inUse;
    private int peakInUse;
    private boolean destroyed;

    LocalBufferPool(NetworkBufferPool global, int min, int max, String owner) throws InsufficientBuffersException {
        if (min < 0 || max < Math.max(1, min)) {
            throw new IllegalArgumentException("buffer pool of " + owner + ": min " + min + ", max " + max);
        }
        this.global = global;
        this.min = min;
        this.max = max;
        this.owner = owner;
        for (int i = 0; i < min; i++) {
            byte[] segment = global.tryRequest();
            if (segment == null) {
                destroy();
                throw new InsufficientBuffersException(owner + " needs " + min + " network buffers but only " + i
                        + " of " + global.totalSegments() + " are free: raise taskmanager.network.memory.buffers, "
                        + "or lower the parallelism or the number of slots per TaskManager");
            }
            available.add(segment);
            owned++;
        }
    }

    public int minSegments() {
        return min;
    }

    public int maxSegments() {
        return max;
    }

    public int segmentSize() {
        return global.segmentSize();
    }

    /** Buffers handed out and not yet recycled. */
    public synchronized int buffersInUse() {
        return inUse;
    }

    /** The most buffers ever in use at once; never above {@link #maxSegments()}. */
    public synchronized int peakBuffersInUse() {
        return peakInUse;
    }

    /** A buffer, or null when the pool is at its bound and none is free. */
    public Buffer requestBuffer() {
        byte[] segment;
        synchronized (this) {
            segment = takeSegment();
        }
        return segment == null ? null : new Buffer(segment, this);
    }

    /** A buffer; waits while none is free (backpressure). Interrupting or destroying the pool ends the wait. */
    public Buffer requestBufferBlocking() throws InterruptedException {
        byte[] segment;
        synchronized (this) {
            while ((segment = takeSegment()) == null) {
                wait(1000);
            }
        }
        return new Buffer(segment, this);
    }

    private byte[] takeSegment() {
        if (destroyed) {
            throw new IllegalStateException("the buffer pool of " + owner + " was released");
        }
        byte[] segment = available.poll();
        if (segment == null && owned < max) {
            segment = global.tryRequest();
            if (segment != null) {
                owned++;
            }
        }
        if (segment != null) {
            inUse++;
            peakInUse = Math.max(peakInUse, inUse);
        }
        return segment;
    }

    /**
     * Registers a listener to receive the next recycled buffer, unless one is free now: returns
     * false then, and the caller should request again.
     */
    public synchronized boolean addBufferListener(BufferListener listener) {
        if (destroyed || !available.isEmpty() || owned < max && global.availableSegments() > 0) {
            return false;
        }
        listeners.add(listener);
        return true;
    }

    @Override
    public void recycle(byte[] segment) {
        while (true) {
            BufferListener listener;
            synchronized (this) {
                if (destroyed) {
                    inUse--;
                    owned--;
                    global.recycle(segment);
                    return;
                }
                listener = listeners.poll();
                if (listener == null) {
                    inUse--;
                    if (owned > min && global.availableSegments() == 0) {
                        // others may be short: give excess memory back at once
                        owned--;
                        global.recycle(segment);
                    } else {
                        available.add(segment);
                    }
                    notifyAll();
                    return;
                }
            }
            // handed over in use: counts stay as they are
            if (listener.notifyBufferAvailable(new Buffer(segment, this))) {
                return;
            }
        }
    }

    /** Returns free segments to the TaskManager; segments still in use return when they are recycled. */
    public void destroy() {
        synchronized (this) {
            if (destroyed) {
                return;
            }
            destroyed = true;
            byte[] segment;
            while ((segment = available.poll()) != null) {
                owned--;
                global.recycle(segment);
            }
            listeners.clear();
            notifyAll();
        }
    }

    public synchronized boolean isDestroyed() {
        return destroyed;
    }
}
