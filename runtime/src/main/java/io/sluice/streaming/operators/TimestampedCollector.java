package io.sluice.streaming.operators;

import io.sluice.api.functions.Collector;
import io.sluice.network.StreamRecord;
import io.sluice.streaming.Output;

/** Emits a function's results through one reused record carrying the timestamp the operator set. */
public final class TimestampedCollector<T> implements Collector<T> {

    private final Output<T> output;
    private final StreamRecord<T> reuse = new StreamRecord<>(null);

    public TimestampedCollector(Output<T> output) {
        this.output = output;
    }

    /** Results carry the timestamp of {@code input} (or none if it has none). */
    public void setTimestampFrom(StreamRecord<?> input) {
        if (input.hasTimestamp()) {
            reuse.setTimestamp(input.getTimestamp());
        } else {
            reuse.eraseTimestamp();
        }
    }

    public void setAbsoluteTimestamp(long timestamp) {
        reuse.setTimestamp(timestamp);
    }

    public void eraseTimestamp() {
        reuse.eraseTimestamp();
    }

    @Override
    public void collect(T record) throws Exception {
        output.collect(reuse.replace(record));
    }
}
