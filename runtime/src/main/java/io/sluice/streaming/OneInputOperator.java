package io.sluice.streaming;

import io.sluice.api.eventtime.Watermark;
import io.sluice.network.StreamRecord;

/** An operator with one input: maps, filters, sinks, keyed and window operators. */
public interface OneInputOperator<IN, OUT> extends StreamOperator<OUT> {

    void processElement(StreamRecord<IN> record) throws Exception;

    /** Event time advanced on the input; operators with event-time timers fire them here, then forward it. */
    void processWatermark(Watermark mark) throws Exception;

    /** The input has ended (bounded input); called before {@link #finish()}. */
    default void endInput() throws Exception {
    }

    /** The input became idle or active again; operators based on AbstractStreamOperator forward it. */
    default void processWatermarkStatus(io.sluice.api.eventtime.WatermarkStatus status) throws Exception {
    }
}
