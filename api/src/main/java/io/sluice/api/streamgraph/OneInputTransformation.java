package io.sluice.api.streamgraph;

import java.util.List;
import java.util.Objects;

/** An operator reading one stream and producing another (map, filter). */
public final class OneInputTransformation<IN, OUT> extends Transformation<OUT> {

    private final Transformation<IN> input;
    private final Operation operation;

    public OneInputTransformation(int id, String name, Transformation<IN> input, Operation operation) {
        super(id, name);
        this.input = Objects.requireNonNull(input, "input");
        this.operation = Objects.requireNonNull(operation, "operation");
    }

    public Transformation<IN> input() {
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
