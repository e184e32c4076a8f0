package io.sluice.streaming;

import io.sluice.api.OutputTag;
import io.sluice.api.eventtime.Watermark;
import io.sluice.network.StreamRecord;

/** The output of an operator nobody consumes (a sink, or a stream left unused): drops everything. */
final class DroppingOutput<T> implements Output<T> {

    @Override
    public void collect(StreamRecord<T> record) {
    }

    @Override
    public void emitWatermark(Watermark mark) {
    }

    @Override
    public <X> void collect(OutputTag<X> tag, StreamRecord<X> record) {
    }
}
