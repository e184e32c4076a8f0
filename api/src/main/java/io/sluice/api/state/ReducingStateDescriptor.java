package io.sluice.api.state;

import io.sluice.api.functions.ReduceFunction;
import java.util.Objects;

/** Describes a {@link ReducingState} and the function that combines its values. */
public final class ReducingStateDescriptor<T> extends StateDescriptor<ReducingState<T>> {

    private static final long serialVersionUID = 1L;

    private final ReduceFunction<T> reduceFunction;

    public ReducingStateDescriptor(String name, ReduceFunction<T> reduceFunction) {
        super(name);
        this.reduceFunction = Objects.requireNonNull(reduceFunction, "reduce function must not be null");
    }

    public ReducingStateDescriptor(String name, ReduceFunction<T> reduceFunction, Class<T> type) {
        this(name, reduceFunction);
    }

    public ReduceFunction<T> getReduceFunction() {
        return reduceFunction;
    }

    @Override
    public String kind() {
        return "reducing";
    }
}
