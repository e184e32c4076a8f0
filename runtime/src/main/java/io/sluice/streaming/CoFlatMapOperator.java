package io.sluice.streaming;

import io.sluice.api.functions.CoFlatMapFunction;
import io.sluice.api.functions.Collector;
import io.sluice.network.StreamRecord;

/** Applies a {@link CoFlatMapFunction}; emitted records carry the timestamp of the input record. */
public final class CoFlatMapOperator<IN1, IN2, OUT> extends AbstractStreamOperator<OUT>
        implements TwoInputOperator<IN1, IN2, OUT> {

    private static final long serialVersionUID = 1L;

    private final CoFlatMapFunction<IN1, IN2, OUT> function;

    @Override
    protected Object userFunction() {
        return function;
    }
    private transient StreamRecord<OUT> reuse;
    private transient Collector<OUT> collector;

    public CoFlatMapOperator(CoFlatMapFunction<IN1, IN2, OUT> function) {
        this.function = java.util.Objects.requireNonNull(function, "function");
    }

    @Override
    public void open() {
        reuse = new StreamRecord<>(null);
        collector = value -> output.collect(reuse.replace(value));
    }

    private void stamp(StreamRecord<?> input) {
        if (input.hasTimestamp()) {
            reuse.setTimestamp(input.getTimestamp());
        } else {
            reuse.eraseTimestamp();
        }
    }

    @Override
    public void processElement1(StreamRecord<IN1> record) throws Exception {
        stamp(record);
        function.flatMap1(record.getValue(), collector);
    }

    @Override
    public void processElement2(StreamRecord<IN2> record) throws Exception {
        stamp(record);
        function.flatMap2(record.getValue(), collector);
    }
}
