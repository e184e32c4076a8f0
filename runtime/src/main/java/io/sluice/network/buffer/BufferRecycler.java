package io.sluice.network.buffer;

/** Takes back the memory of a consumed {@link Buffer}. */
@FunctionalInterface
public interface BufferRecycler {
    void recycle(byte[] segment);
}
