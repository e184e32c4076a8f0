package io.sluice.streaming;

/** Keeps the context and output handed over in {@link #setup}; the usual base of an operator. */
public abstract class AbstractStreamOperator<OUT> implements StreamOperator<OUT> {

    private static final long serialVersionUID = 1L;

    protected transient OperatorContext context;
    protected transient Output<OUT> output;

    @Override
    public void setup(OperatorContext context, Output<OUT> output) {
        this.context = context;
        this.output = output;
    }
}
