package io.sluice.network.buffer;

/**
 * A fixed-size segment of network memory holding serialized stream elements ({@link #size()} bytes
 * of it are valid). It belongs to a pool: {@link #recycle()} gives the memory back exactly once.
 */
public final class Buffer {

    private final byte[] memory;
    private final BufferRecycler recycler;
    private int size;
    private boolean recycled;

    public Buffer(byte[] memory, BufferRecycler recycler) {
        this.memory = memory;
        this.recycler = recycler;
    }

    public byte[] memory() {
        return memory;
    }

    public int size() {
        return size;
    }

    public void setSize(int size) {
        this.size = size;
    }

    public int capacity() {
        return memory.length;
    }

    public BufferRecycler recycler() {
        return recycler;
    }

    /** Returns the memory to its pool; later calls do nothing (a double recycle would corrupt the pool). */
    public void recycle() {
        if (!recycled) {
            recycled = true;
            recycler.recycle(memory);
        }
    }
}
