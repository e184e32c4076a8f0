package io.sluice.streaming;

/** An operator with one input: maps, filters, sinks; later keyed and window operators. */
public interface OneInputOperator<IN, OUT> extends StreamOperator<OUT> {

    void processElement(IN record) throws Exception;
}
