package io.sluice.streaming;

import io.sluice.api.OutputTag;
import io.sluice.api.eventtime.Watermark;
import io.sluice.network.StreamRecord;

/**
 * Where an operator pushes records, watermarks and side-output records. Inside a chain the output
 * calls the next operator directly; at the end of a chain a network output serializes into a result
 * partition behind the same interface, so an operator never knows which one it has.
 *
 * <p>Methods may throw whatever the downstream operators throw, so a user function's original
 * exception reaches the task unchanged (wrapped once in an {@link OperatorException} that names the
 * operator).
 */
public interface Output<T> {

    /** Hands one record downstream. The record may be reused by the caller after this returns. */
    void collect(StreamRecord<T> record) throws Exception;

    /** Forwards event-time progress downstream. */
    void emitWatermark(Watermark mark) throws Exception;

    /** Emits a record to a side output; dropped when nobody consumes that side output. */
    <X> void collect(OutputTag<X> tag, StreamRecord<X> record) throws Exception;

    /**
     * Forwards a change of the stream's idleness (see {@link io.sluice.api.eventtime.WatermarkStatus}):
     * a network output sends it in-band so the consumer's watermark valve can leave an idle channel
     * out of its minimum. Dropped by default (outputs that carry no event time).
     */
    default void emitWatermarkStatus(io.sluice.api.eventtime.WatermarkStatus status) throws Exception {
    }
}
