package io.sluice.streaming;

import io.sluice.api.OutputTag;
import io.sluice.api.eventtime.Watermark;
import io.sluice.network.RecordWriter;
import io.sluice.network.StreamRecord;
import io.sluice.network.serialization.StreamElementCodec;

/** The end of a chain: records and watermarks go into a network partition through a {@link RecordWriter}. */
final class RecordWriterOutput<T> implements Output<T> {

    private final RecordWriter<T> writer;

    RecordWriterOutput(RecordWriter<T> writer) {
        this.writer = writer;
    }

    RecordWriter<T> writer() {
        return writer;
    }

    @Override
    public void collect(StreamRecord<T> record) throws Exception {
        writer.emit(record);
    }

    @Override
    public void emitWatermark(Watermark mark) throws Exception {
        writer.broadcastWatermark(mark.timestamp());
    }

    /** Idleness hook: an idle producer is left out of its consumers' watermark minimum until it is active again. */
    void emitWatermarkStatus(boolean idle) throws InterruptedException {
        writer.broadcastEvent(StreamElementCodec.WATERMARK_STATUS, idle ? 1 : 0, 0, 1);
    }

    @Override
    public void emitWatermarkStatus(io.sluice.api.eventtime.WatermarkStatus status) throws Exception {
        emitWatermarkStatus(status.idle());
    }

    @Override
    public <X> void collect(OutputTag<X> tag, StreamRecord<X> record) {
        // side outputs are routed by the chain (RoutingOutput) to the writers that carry them
    }
}
