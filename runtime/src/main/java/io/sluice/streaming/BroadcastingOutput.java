package io.sluice.streaming;

import io.sluice.api.OutputTag;
import io.sluice.api.eventtime.Watermark;
import io.sluice.network.StreamRecord;
import java.util.List;

/**
 * Fans records out to several chained operators (a stream consumed by two operators). The same
 * value goes to every branch (values are treated as immutable), but each branch gets its own
 * {@link StreamRecord} so that one branch replacing the value does not change what the next sees.
 */
final class BroadcastingOutput<T> implements Output<T> {

    private final Output<T>[] outputs;

    @SuppressWarnings("unchecked")
    BroadcastingOutput(List<Output<T>> outputs) {
        this.outputs = outputs.toArray(new Output[0]);
    }

    @Override
    public void collect(StreamRecord<T> record) throws Exception {
        for (int i = 0; i < outputs.length - 1; i++) {
            outputs[i].collect(record.copy());
        }
        outputs[outputs.length - 1].collect(record);
    }

    @Override
    public void emitWatermark(Watermark mark) throws Exception {
        for (Output<T> output : outputs) {
            output.emitWatermark(mark);
        }
    }

    @Override
    public void emitWatermarkStatus(io.sluice.api.eventtime.WatermarkStatus status) throws Exception {
        for (Output<T> output : outputs) {
            output.emitWatermarkStatus(status);
        }
    }

    @Override
    public <X> void collect(OutputTag<X> tag, StreamRecord<X> record) throws Exception {
        for (Output<T> output : outputs) {
            output.collect(tag, record.copy());
        }
    }
}
