package io.sluice.network;

import com.esotericsoftware.kryo.io.Input;
import io.sluice.network.buffer.Buffer;

/**
 * Cuts one channel's byte stream back into elements. An element inside one buffer is decoded in
 * place (no copy); one that spans buffers is gathered into a spill array first. A buffer is
 * recycled as soon as its last element has been decoded, which for a remote channel returns the
 * credit to the producer.
 */
final class ElementReader {

    private final Input input = new Input();
    private Buffer buffer;
    private byte[] memory;
    private int pos;
    private int limit;
    private final byte[] header = new byte[4];
    private int headerFill;
    private byte[] spill = new byte[1024];
    private int spillFill;
    private int pendingLength = -1;

    boolean hasBuffer() {
        return buffer != null;
    }

    void setBuffer(Buffer next) {
        buffer = next;
        memory = next.memory();
        pos = 0;
        limit = next.size();
    }

    /**
     * Positions {@link #input()} on the next complete element (its tag first) and returns true, or
     * returns false when the current buffer is used up (the caller sets the next one).
     */
    boolean next() {
        if (buffer == null) {
            return false;
        }
        if (pos == limit) {
            releaseBuffer();
            return false;
        }
        if (headerFill > 0) {
            int n = Math.min(4 - headerFill, limit - pos);
            System.arraycopy(memory, pos, header, headerFill, n);
            headerFill += n;
            pos += n;
            if (headerFill < 4) {
                releaseBuffer();
                return false;
            }
            headerFill = 0;
            startSpill(readInt(header, 0));
        }
        if (pendingLength >= 0) {
            int n = Math.min(pendingLength - spillFill, limit - pos);
            System.arraycopy(memory, pos, spill, spillFill, n);
            spillFill += n;
            pos += n;
            if (spillFill < pendingLength) {
                releaseBuffer();
                return false;
            }
            input.setBuffer(spill, 0, pendingLength);
            pendingLength = -1;
            return true;
        }
        int remaining = limit - pos;
        if (remaining < 4) {
            System.arraycopy(memory, pos, header, 0, remaining);
            headerFill = remaining;
            releaseBuffer();
            return false;
        }
        int length = readInt(memory, pos);
        if (remaining - 4 >= length) {
            input.setBuffer(memory, pos + 4, length);
            pos += 4 + length;
            return true;
        }
        startSpill(length);
        int n = remaining - 4;
        System.arraycopy(memory, pos + 4, spill, 0, n);
        spillFill = n;
        releaseBuffer();
        return false;
    }

    Input input() {
        return input;
    }

    private void startSpill(int length) {
        if (spill.length < length) {
            spill = new byte[Math.max(length, spill.length * 2)];
        }
        spillFill = 0;
        pendingLength = length;
    }

    private void releaseBuffer() {
        if (buffer != null) {
            Buffer b = buffer;
            buffer = null;
            memory = null;
            b.recycle();
        }
    }

    /** Drops what is left (task end). */
    void clear() {
        releaseBuffer();
        pendingLength = -1;
        headerFill = 0;
    }

    private static int readInt(byte[] b, int p) {
        return (b[p] & 0xff) << 24 | (b[p + 1] & 0xff) << 16 | (b[p + 2] & 0xff) << 8 | (b[p + 3] & 0xff);
    }
}
