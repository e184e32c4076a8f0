package io.sluice.network;

import com.esotericsoftware.kryo.io.Input;
import io.sluice.network.buffer.Buffer;

/**
 * The per-channel element readers of a task's input, and which channel's buffer is being read.
 * Channels keep their partial elements (an element spanning buffers) while others are read.
 */
public final class ElementReaderAccess {

    private final ElementReader[] readers;
    private int current = -1;

    public ElementReaderAccess(int channels) {
        readers = new ElementReader[channels];
        for (int i = 0; i < channels; i++) {
            readers[i] = new ElementReader();
        }
    }

    public int currentChannel() {
        return current;
    }

    public void setBuffer(int channel, Buffer buffer) {
        readers[channel].setBuffer(buffer);
        current = channel;
    }

    /** Positions the channel's input on its next complete element; false when its buffer is used up. */
    public boolean next(int channel) {
        return readers[channel].next();
    }

    public Input input(int channel) {
        return readers[channel].input();
    }

    /** Continues reading what is left of {@code channel}'s buffer (after its channel was unblocked); false if nothing is. */
    public boolean resume(int channel) {
        if (!readers[channel].hasBuffer()) {
            return false;
        }
        current = channel;
        return true;
    }

    public void clearCurrent() {
        current = -1;
    }

    public void clearAll() {
        for (ElementReader r : readers) {
            r.clear();
        }
        current = -1;
    }
}
