package io.sluice.streaming.operators;

import io.sluice.api.functions.FlatMapFunction;
import io.sluice.network.StreamRecord;
import io.sluice.streaming.AbstractStreamOperator;
import io.sluice.streaming.OneInputOperator;
import java.util.Objects;

/** Applies a {@link FlatMapFunction}; results keep the input record's timestamp. */
public final class FlatMapOperator<IN, OUT> extends AbstractStreamOperator<OUT> implements OneInputOperator<IN, OUT> {

    private static final long serialVersionUID = 1L;

    private final FlatMapFunction<IN, OUT> function;

    @Override
    protected Object userFunction() {
        return function;
    }
    private transient TimestampedCollector<OUT> collector;

    public FlatMapOperator(FlatMapFunction<IN, OUT> function) {
        this.function = Objects.requireNonNull(function, "flatMap function must not be null");
    }

    @Override
    public void open() throws Exception {
        collector = new TimestampedCollector<>(output);
        UserFunctions.open(function, new StreamingRuntimeContext(context, null));
    }

    @Override
    public void processElement(StreamRecord<IN> record) throws Exception {
        collector.setTimestampFrom(record);
        function.flatMap(record.getValue(), collector);
    }

    @Override
    public void close() throws Exception {
        UserFunctions.close(function);
    }
}
