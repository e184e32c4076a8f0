package io.sluice.api.streamgraph;

import java.util.List;
import java.util.Objects;

/** Where records leave the job; only what flows into a sink is executed. */
public final class SinkTransformation<T> extends Transformation<Void> {

    private final Transformation<T> input;
    private final Operation operation;

    public SinkTransformation(int id, String name, Transformation<T> input, Operation operation) {
        super(id, name);
        this.input = Objects.requireNonNull(input, "input");
        this.operation = Objects.requireNonNull(operation, "operation");
    }

    public Transformation<T> input() {
        return input;
    }

    @Override
    public List<Transformation<?>> inputs() {
        return List.of(input);
    }

    @Override
    public Operation operation() {
        return operation;
    }
}
