package io.sluice.api.streamgraph;

import java.util.List;

/** Not an operator: the records of several streams of one type, read as one input. */
public final class UnionTransformation<T> extends Transformation<T> {

    private final List<Transformation<T>> inputs;

    public UnionTransformation(int id, List<Transformation<T>> inputs) {
        super(id, "Union");
        if (inputs.size() < 2) {
            throw new IllegalArgumentException("a union needs at least two streams");
        }
        this.inputs = List.copyOf(inputs);
    }

    @Override
    public List<Transformation<?>> inputs() {
        return List.copyOf(inputs);
    }

    @Override
    public Operation operation() {
        return null;
    }

    @Override
    public boolean isVirtual() {
        return true;
    }
}
