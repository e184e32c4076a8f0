package io.sluice.network.partitioner;

/**
 * Round robin over the consumer subtasks "near" this producer: producer i of p sends to the
 * consumers whose index maps back to i when scaling n consumers down to p producers (or, with fewer
 * consumers, to the one consumer it maps to), so each producer talks to a subset only.
 */
public final class RescalePartitioner<T> extends StreamPartitioner<T> {
    private static final long serialVersionUID = 1L;

    private transient int first;
    private transient int count;
    private transient int next;
    private final int producerParallelism;

    public RescalePartitioner(int producerParallelism) {
        this.producerParallelism = producerParallelism;
    }

    @Override
    public void setup(int numberOfChannels, int producerIndex) {
        super.setup(numberOfChannels, producerIndex);
        if (numberOfChannels >= producerParallelism) {
            first = (int) ((long) producerIndex * numberOfChannels / producerParallelism);
            int end = (int) ((long) (producerIndex + 1) * numberOfChannels / producerParallelism);
            count = Math.max(1, end - first);
        } else {
            first = (int) ((long) producerIndex * numberOfChannels / producerParallelism);
            count = 1;
        }
        next = 0;
    }

    @Override
    public int selectChannel(T value) {
        int channel = first + next;
        if (++next == count) {
            next = 0;
        }
        return channel;
    }

    @Override
    public String describe() {
        return "RESCALE";
    }
}
