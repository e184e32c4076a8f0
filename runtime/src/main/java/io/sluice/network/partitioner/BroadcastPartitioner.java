package io.sluice.network.partitioner;

/** Every record to every consumer subtask. */
public final class BroadcastPartitioner<T> extends StreamPartitioner<T> {
    private static final long serialVersionUID = 1L;

    @Override
    public int selectChannel(T value) {
        throw new UnsupportedOperationException("broadcast writes every record to every channel");
    }

    @Override
    public boolean isBroadcast() {
        return true;
    }

    @Override
    public String describe() {
        return "BROADCAST";
    }
}
