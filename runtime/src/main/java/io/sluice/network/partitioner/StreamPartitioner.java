package io.sluice.network.partitioner;

import java.io.Serializable;

/**
 * Picks the consumer subtask (channel) of each record on a network edge. Built by the API,
 * shipped inside the task configuration, and set up per producer subtask with the number of
 * channels. Not thread-safe: one instance per writer.
 */
public abstract class StreamPartitioner<T> implements Serializable {

    private static final long serialVersionUID = 1L;

    protected transient int numberOfChannels;
    protected transient int producerIndex;

    public void setup(int numberOfChannels, int producerIndex) {
        this.numberOfChannels = numberOfChannels;
        this.producerIndex = producerIndex;
    }

    /** The channel of {@code value}; not called when {@link #isBroadcast()}. */
    public abstract int selectChannel(T value);

    /** Every record goes to every channel. */
    public boolean isBroadcast() {
        return false;
    }

    /** One producer subtask feeds exactly one consumer subtask (same parallelism, subtask i -> i). */
    public boolean isPointwise() {
        return false;
    }

    /** Short name for vertex names and logs: FORWARD, HASH, ... */
    public abstract String describe();

    @Override
    public String toString() {
        return describe();
    }
}
