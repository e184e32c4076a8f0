package io.sluice.api.state;

import io.sluice.api.functions.AggregateFunction;
import java.util.Objects;

/** Describes an {@link AggregatingState} and its aggregate function; the accumulator is what is stored. */
public final class AggregatingStateDescriptor<IN, ACC, OUT> extends StateDescriptor<AggregatingState<IN, OUT>> {

    private static final long serialVersionUID = 1L;

    private final AggregateFunction<IN, ACC, OUT> aggregateFunction;

    public AggregatingStateDescriptor(String name, AggregateFunction<IN, ACC, OUT> aggregateFunction) {
        super(name);
        this.aggregateFunction = Objects.requireNonNull(aggregateFunction, "aggregate function must not be null");
    }

    public AggregatingStateDescriptor(String name, AggregateFunction<IN, ACC, OUT> aggregateFunction, Class<ACC> accType) {
        this(name, aggregateFunction);
    }

    public AggregateFunction<IN, ACC, OUT> getAggregateFunction() {
        return aggregateFunction;
    }

    @Override
    public String kind() {
        return "aggregating";
    }
}
