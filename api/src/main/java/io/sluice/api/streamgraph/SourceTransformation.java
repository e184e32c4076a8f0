package io.sluice.api.streamgraph;

import java.util.List;
import java.util.Objects;

/** Where records enter the job. */
public final class SourceTransformation<T> extends Transformation<T> {

    private final Operation operation;

    public SourceTransformation(int id, String name, Operation operation) {
        super(id, name);
        this.operation = Objects.requireNonNull(operation, "operation");
    }

    @Override
    public List<Transformation<?>> inputs() {
        return List.of();
    }

    @Override
    public Operation operation() {
        return operation;
    }
}
