package io.sluice.network;

import io.sluice.network.buffer.Buffer;

/**
 * One producer subpartition as seen by a consumer task: local (same TaskManager, buffers handed over
 * in memory) or remote (over TCP with credit-based flow control).
 */
public abstract class InputChannel {

    protected final InputGate gate;
    protected final int channelIndex;
    // guarded by the gate's queue lock
    boolean queued;
    boolean blocked;

    protected InputChannel(InputGate gate, int channelIndex) {
        this.gate = gate;
        this.channelIndex = channelIndex;
    }

    public int channelIndex() {
        return channelIndex;
    }

    /** Starts reading; retries (with backoff, until a deadline) while the producer is not yet deployed. */
    public abstract void requestPartition();

    /** The next buffer, or null if none has arrived; throws the channel's failure (e.g. the producer's). */
    public abstract Buffer pollBuffer() throws Exception;

    /** Whether a buffer (or a failure) may be waiting; used to requeue the channel. */
    public abstract boolean isAvailable();

    /** The consumer is done with this channel (end of partition read, or the task ends). */
    public abstract void release();

    protected final void notifyAvailable() {
        gate.notifyChannelAvailable(this);
    }
}
