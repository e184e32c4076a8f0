package io.sluice.network.partitioner;

/** Subtask i sends to subtask i of the consumer (same parallelism); chained when nothing prevents it. */
public final class ForwardPartitioner<T> extends StreamPartitioner<T> {
    private static final long serialVersionUID = 1L;

    @Override
    public int selectChannel(T value) {
        return 0;
    }

    @Override
    public boolean isPointwise() {
        return true;
    }

    @Override
    public String describe() {
        return "FORWARD";
    }
}
