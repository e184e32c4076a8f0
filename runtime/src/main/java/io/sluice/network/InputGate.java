package io.sluice.network;

import io.sluice.network.buffer.Buffer;
import io.sluice.network.buffer.LocalBufferPool;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * All input channels of a task (of all its logical inputs). Channels that have data queue up here
 * in the order they got it; the task takes one buffer at a time with {@link #pollNext()} and is woken
 * through the availability listener when it found nothing.
 *
 * <p>Barrier alignment hook: {@link #blockChannel(int)} keeps a channel out of the queue until
 * {@link #unblockChannel(int)}; its data waits in the channel (and, for remote channels, holds the
 * channel's credit, so the producer stops sending on it), while the other channels keep flowing.
 */
public final class InputGate {

    /** A buffer and the channel it came from. */
    public record BufferAndChannel(Buffer buffer, int channelIndex) {}

    private final String owner;
    private final List<InputChannel> channels = new ArrayList<>();
    private final ArrayDeque<InputChannel> available = new ArrayDeque<>();
    private final LocalBufferPool bufferPool;
    private volatile Runnable availabilityListener = () -> {};
    private boolean released;

    public InputGate(String owner, LocalBufferPool bufferPool) {
        this.owner = owner;
        this.bufferPool = bufferPool;
    }

    public String owner() {
        return owner;
    }

    void addChannel(InputChannel channel) {
        channels.add(channel);
    }

    public int numberOfChannels() {
        return channels.size();
    }

    public InputChannel channel(int index) {
        return channels.get(index);
    }

    /** The pool of remote channels' buffers; null when every channel is local. */
    public LocalBufferPool bufferPool() {
        return bufferPool;
    }

    /** Called (from any thread) whenever a channel may have become available. */
    public void setAvailabilityListener(Runnable listener) {
        this.availabilityListener = listener;
    }

    public void requestPartitions() {
        channels.forEach(InputChannel::requestPartition);
    }

    void notifyChannelAvailable(InputChannel channel) {
        synchronized (available) {
            if (channel.queued || channel.blocked || released) {
                return;
            }
            channel.queued = true;
            available.add(channel);
        }
        availabilityListener.run();
    }

    /** The next buffer of any available channel, or null when none has data. Throws a channel's failure. */
    public BufferAndChannel pollNext() throws Exception {
        while (true) {
            InputChannel channel;
            synchronized (available) {
                channel = available.poll();
                if (channel == null) {
                    return null;
                }
                channel.queued = false;
            }
            Buffer buffer = channel.pollBuffer();
            if (channel.isAvailable()) {
                notifyChannelAvailable(channel);
            }
            if (buffer != null) {
                return new BufferAndChannel(buffer, channel.channelIndex());
            }
        }
    }

    public boolean hasAvailableChannels() {
        synchronized (available) {
            return !available.isEmpty();
        }
    }

    public void blockChannel(int index) {
        synchronized (available) {
            InputChannel c = channels.get(index);
            c.blocked = true;
            if (c.queued) {
                available.remove(c);
                c.queued = false;
            }
        }
    }

    public void unblockChannel(int index) {
        InputChannel c = channels.get(index);
        synchronized (available) {
            c.blocked = false;
        }
        notifyChannelAvailable(c);
    }

    /** Releases every channel and the gate's buffers; called when the task ends, however it ends. */
    public void release() {
        synchronized (available) {
            if (released) {
                return;
            }
            released = true;
            available.clear();
        }
        for (InputChannel c : channels) {
            try {
                c.release();
            } catch (RuntimeException e) {
                // keep releasing the others; the task's own outcome is what matters
            }
        }
        if (bufferPool != null) {
            bufferPool.destroy();
        }
    }
}
