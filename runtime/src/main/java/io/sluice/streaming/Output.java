package io.sluice.streaming;

/**
 * Where an operator pushes its records. Inside a chain the output calls the next operator directly;
 * a later network output will serialize records into a result partition behind the same interface.
 *
 * <p>Watermarks and other in-band events will get their own methods here when they arrive, so an
 * operator's output stays the single way out of it.
 */
public interface Output<T> {

    /**
     * Hands one record downstream. May throw whatever the downstream operators throw, so a user
     * function's original exception reaches the task unchanged (wrapped once in an
     * {@link OperatorException} that names the operator).
     */
    void collect(T record) throws Exception;
}
