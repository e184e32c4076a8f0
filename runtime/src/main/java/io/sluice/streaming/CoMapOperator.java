package io.sluice.streaming;

import io.sluice.api.functions.CoMapFunction;
import io.sluice.network.StreamRecord;

/** Applies a {@link CoMapFunction}; the output record keeps the input record's timestamp. */
public final class CoMapOperator<IN1, IN2, OUT> extends AbstractStreamOperator<OUT>
        implements TwoInputOperator<IN1, IN2, OUT> {

    private static final long serialVersionUID = 1L;

    private final CoMapFunction<IN1, IN2, OUT> function;

    @Override
    protected Object userFunction() {
        return function;
    }

    public CoMapOperator(CoMapFunction<IN1, IN2, OUT> function) {
        this.function = java.util.Objects.requireNonNull(function, "function");
    }

    @Override
    public void processElement1(StreamRecord<IN1> record) throws Exception {
        output.collect(record.replace(function.map1(record.getValue())));
    }

    @Override
    public void processElement2(StreamRecord<IN2> record) throws Exception {
        output.collect(record.replace(function.map2(record.getValue())));
    }
}
