package io.sluice.network.partitioner;

import java.util.SplittableRandom;

/** A uniformly random consumer subtask per record. */
public final class ShufflePartitioner<T> extends StreamPartitioner<T> {
    private static final long serialVersionUID = 1L;

    private transient SplittableRandom random;

    @Override
    public void setup(int numberOfChannels, int producerIndex) {
        super.setup(numberOfChannels, producerIndex);
        random = new SplittableRandom();
    }

    @Override
    public int selectChannel(T value) {
        return random.nextInt(numberOfChannels);
    }

    @Override
    public String describe() {
        return "SHUFFLE";
    }
}
