package io.sluice.streaming;

/** Passes records to the next operator of the chain by method call, naming it if it fails. */
final class ChainedOutput<T> implements Output<T> {

    private final OneInputOperator<T, ?> operator;
    private final OperatorContext context;

    ChainedOutput(OneInputOperator<T, ?> operator, OperatorContext context) {
        this.operator = operator;
        this.context = context;
    }

    @Override
    public void collect(T record) throws Exception {
        try {
            operator.processElement(record);
        } catch (Exception e) {
            throw OperatorException.wrap(e, "", context);
        }
    }
}
