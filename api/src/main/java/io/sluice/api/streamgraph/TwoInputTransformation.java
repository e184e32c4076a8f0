package io.sluice.api.streamgraph;

import java.util.List;
import java.util.Objects;

/** An operator reading two streams, possibly of different types (connect + co-map / co-flatMap). */
public final class TwoInputTransformation<IN1, IN2, OUT> extends Transformation<OUT> {

    private final Transformation<IN1> input1;
    private final Transformation<IN2> input2;
    private final Operation operation;

    public TwoInputTransformation(int id, String name, Transformation<IN1> input1, Transformation<IN2> input2,
                                  Operation operation) {
        super(id, name);
        this.input1 = Objects.requireNonNull(input1, "input1");
        this.input2 = Objects.requireNonNull(input2, "input2");
        this.operation = Objects.requireNonNull(operation, "operation");
    }

    public Transformation<IN1> input1() {
        return input1;
    }

    public Transformation<IN2> input2() {
        return input2;
    }

    @Override
    public List<Transformation<?>> inputs() {
        return List.of(input1, input2);
    }

    @Override
    public Operation operation() {
        return operation;
    }
}
