package io.sluice.streaming;

import io.sluice.api.eventtime.Watermark;
import io.sluice.network.StreamRecord;

/** An operator with two inputs of different types (connect + co-map/co-flatMap/co-process). */
public interface TwoInputOperator<IN1, IN2, OUT> extends StreamOperator<OUT> {

    void processElement1(StreamRecord<IN1> record) throws Exception;

    void processElement2(StreamRecord<IN2> record) throws Exception;

    /** Watermark of input 1; the operator's event time is the minimum over both inputs. */
    void processWatermark1(Watermark mark) throws Exception;

    void processWatermark2(Watermark mark) throws Exception;

    /** Input 1 or 2 has ended. */
    default void endInput(int input) throws Exception {
    }
}
