package io.sluice.api.streamgraph;

import java.util.List;
import java.util.Objects;

/** Not an operator: says how the records of its input are distributed to the next operator's subtasks. */
public final class PartitionTransformation<T> extends Transformation<T> {

    private final Transformation<T> input;
    private final Partitioning partitioning;

    public PartitionTransformation(int id, Transformation<T> input, Partitioning partitioning) {
        super(id, "Partition");
        this.input = Objects.requireNonNull(input, "input");
        this.partitioning = Objects.requireNonNull(partitioning, "partitioning");
    }

    public Partitioning partitioning() {
        return partitioning;
    }

    @Override
    public List<Transformation<?>> inputs() {
        return List.of(input);
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
