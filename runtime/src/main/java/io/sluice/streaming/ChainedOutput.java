package io.sluice.streaming;

import io.sluice.api.OutputTag;
import io.sluice.api.eventtime.Watermark;
import io.sluice.network.StreamRecord;

/** Passes records and watermarks to the next operator of the chain by method call, naming it if it fails. */
final class ChainedOutput<T> implements Output<T> {

    private final OneInputOperator<T, ?> operator;
    private final OperatorContext context;

    ChainedOutput(OneInputOperator<T, ?> operator, OperatorContext context) {
        this.operator = operator;
        this.context = context;
    }

    @Override
    public void collect(StreamRecord<T> record) throws Exception {
        try {
            operator.processElement(record);
        } catch (Exception e) {
            throw OperatorException.wrap(e, "", context);
        }
    }

    @Override
    public void emitWatermark(Watermark mark) throws Exception {
        try {
            operator.processWatermark(mark);
        } catch (Exception e) {
            throw OperatorException.wrap(e, "watermark", context);
        }
    }

    @Override
    public void emitWatermarkStatus(io.sluice.api.eventtime.WatermarkStatus status) throws Exception {
        try {
            operator.processWatermarkStatus(status);
        } catch (Exception e) {
            throw OperatorException.wrap(e, "watermark status", context);
        }
    }

    @Override
    public <X> void collect(OutputTag<X> tag, StreamRecord<X> record) {
        // side outputs are routed by the chain to their own consumers; a plain chained edge has none
    }
}
