package io.sluice.streaming;

import io.sluice.api.functions.FilterFunction;
import io.sluice.network.StreamRecord;
import java.util.Objects;

/** Forwards the records for which a {@link FilterFunction} returns true. */
public final class FilterOperator<T> extends AbstractStreamOperator<T> implements OneInputOperator<T, T> {

    private static final long serialVersionUID = 1L;

    private final FilterFunction<T> function;

    @Override
    protected Object userFunction() {
        return function;
    }

    public FilterOperator(FilterFunction<T> function) {
        this.function = Objects.requireNonNull(function, "filter function must not be null");
    }

    public FilterFunction<T> function() {
        return function;
    }

    @Override
    public void processElement(StreamRecord<T> record) throws Exception {
        if (function.filter(record.getValue())) {
            output.collect(record);
        }
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
