package io.sluice.streaming;

import java.util.List;

/**
 * Fans records out to several chained operators (a stream consumed by two operators). The same
 * record instance goes to every branch: records are treated as immutable.
 */
final class BroadcastingOutput<T> implements Output<T> {

    private final Output<T>[] outputs;

    @SuppressWarnings("unchecked")
    BroadcastingOutput(List<Output<T>> outputs) {
        this.outputs = outputs.toArray(new Output[0]);
    }

    @Override
    public void collect(T record) throws Exception {
        for (Output<T> output : outputs) {
            output.collect(record);
        }
    }
}
