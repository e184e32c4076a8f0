package io.sluice.streaming;

import io.sluice.api.functions.MapFunction;
import io.sluice.network.StreamRecord;
import java.util.Objects;

/** Applies a {@link MapFunction} to every record. */
public final class MapOperator<IN, OUT> extends AbstractStreamOperator<OUT> implements OneInputOperator<IN, OUT> {

    private static final long serialVersionUID = 1L;

    private final MapFunction<IN, OUT> function;

    @Override
    protected Object userFunction() {
        return function;
    }

    public MapOperator(MapFunction<IN, OUT> function) {
        this.function = Objects.requireNonNull(function, "map function must not be null");
    }

    public MapFunction<IN, OUT> function() {
        return function;
    }

    @Override
    public void processElement(StreamRecord<IN> record) throws Exception {
        output.collect(record.replace(function.map(record.getValue())));
    }

    /** Rich functions (RichMapFunction, RichFilterFunction) get their runtime context and open/close calls. */
    @Override
    public void open() throws Exception {
        io.sluice.streaming.operators.UserFunctions.open(function,
                new io.sluice.streaming.operators.StreamingRuntimeContext(context, null));
    }

    @Override
    public void close() throws Exception {
        io.sluice.streaming.operators.UserFunctions.close(function);
    }
}
