package io.sluice.streaming;

/**
 * A failure of one operator of a chain, naming the operator and the task. The original exception
 * (usually from a user function) is the cause; it is wrapped once, however deep in the chain it
 * was thrown.
 */
public class OperatorException extends Exception {

    private static final long serialVersionUID = 1L;

    public OperatorException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Wraps {@code cause} unless an operator further downstream already did. */
    static OperatorException wrap(Throwable cause, String action, OperatorContext context) {
        if (cause instanceof OperatorException e) {
            return e;
        }
        return new OperatorException("operator '" + context.operatorName() + "' in task '" + context.taskName()
                + "' failed" + (action.isEmpty() ? "" : " in " + action) + ": " + cause, cause);
    }
}
