package io.sluice.api.streamgraph;

import io.sluice.streaming.OneInputOperator;
import java.util.List;
import java.util.Objects;

/** An operator reading one stream and producing another (map, filter). */
public final class OneInputTransformation<IN, OUT> extends Transformation<OUT> {

    private final Transformation<IN> input;
    private final OneInputOperator<IN, OUT> operator;

    public OneInputTransformation(int id, String name, Transformation<IN> input, OneInputOperator<IN, OUT> operator) {
        super(id, name);
        this.input = Objects.requireNonNull(input, "input");
        this.operator = Objects.requireNonNull(operator, "operator");
    }

    public Transformation<IN> input() {
        return input;
    }

    @Override
    public List<Transformation<?>> inputs() {
        return List.of(input);
    }

    @Override
    public OneInputOperator<IN, OUT> operator() {
        return operator;
    }
}
