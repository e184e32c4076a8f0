package io.sluice.api.streamgraph;

import io.sluice.streaming.SourceOperator;
import java.util.List;
import java.util.Objects;

/** Where records enter the job. */
public final class SourceTransformation<T> extends Transformation<T> {

    private final SourceOperator<T> operator;

    public SourceTransformation(int id, String name, SourceOperator<T> operator) {
        super(id, name);
        this.operator = Objects.requireNonNull(operator, "operator");
    }

    @Override
    public List<Transformation<?>> inputs() {
        return List.of();
    }

    @Override
    public SourceOperator<T> operator() {
        return operator;
    }
}
