package io.sluice.state;

/** A checked exception of a user function called from inside a state handle (a reduce function). */
public final class StateFunctionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StateFunctionException(Throwable cause) {
        super(cause.toString(), cause);
    }
}
