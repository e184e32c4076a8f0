package io.sluice.api.streamgraph;

import io.sluice.network.partitioner.StreamPartitioner;
import io.sluice.streaming.StreamOperator;
import java.util.List;
import java.util.Objects;

/** Not an operator: says how the records of its input are distributed to the next operator's subtasks. */
public final class PartitionTransformation<T> extends Transformation<T> {

    private final Transformation<T> input;
    private final StreamPartitioner<T> partitioner;

    public PartitionTransformation(int id, Transformation<T> input, StreamPartitioner<T> partitioner) {
        super(id, "Partition");
        this.input = Objects.requireNonNull(input, "input");
        this.partitioner = Objects.requireNonNull(partitioner, "partitioner");
    }

    public StreamPartitioner<T> partitioner() {
        return partitioner;
    }

    @Override
    public List<Transformation<?>> inputs() {
        return List.of(input);
    }

    @Override
    public StreamOperator<?> operator() {
        return null;
    }

    @Override
    public boolean isVirtual() {
        return true;
    }
}
