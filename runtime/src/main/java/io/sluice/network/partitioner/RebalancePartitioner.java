package io.sluice.network.partitioner;

/** Round robin over all consumer subtasks, each producer starting at a different one. */
public final class RebalancePartitioner<T> extends StreamPartitioner<T> {
    private static final long serialVersionUID = 1L;

    private transient int next;

    @Override
    public void setup(int numberOfChannels, int producerIndex) {
        super.setup(numberOfChannels, producerIndex);
        next = producerIndex % numberOfChannels;
    }

    @Override
    public int selectChannel(T value) {
        int channel = next;
        if (++next == numberOfChannels) {
            next = 0;
        }
        return channel;
    }

    @Override
    public String describe() {
        return "REBALANCE";
    }
}
