package io.sluice.network.buffer;

/** Waits for a buffer of a pool that had none free (a remote input channel wanting floating buffers). */
public interface BufferListener {

    /** Offers a free buffer; returns false if the listener no longer wants it (the pool keeps it). */
    boolean notifyBufferAvailable(Buffer buffer);
}
