package io.sluice.api.streamgraph;

import io.sluice.streaming.OneInputOperator;
import java.util.List;
import java.util.Objects;

/** Where records leave the job; only what flows into a sink is executed. */
public final class SinkTransformation<T> extends Transformation<Void> {

    private final Transformation<T> input;
    private final OneInputOperator<T, Void> operator;

    public SinkTransformation(int id, String name, Transformation<T> input, OneInputOperator<T, Void> operator) {
        super(id, name);
        this.input = Objects.requireNonNull(input, "input");
        this.operator = Objects.requireNonNull(operator, "operator");
    }

    public Transformation<T> input() {
        return input;
    }

    @Override
    public List<Transformation<?>> inputs() {
        return List.of(input);
    }

    @Override
    public OneInputOperator<T, Void> operator() {
        return operator;
    }
}
