package io.sluice.network.partition;

/** The task producing a partition failed or was cancelled; the cause is the producer's own failure. */
public final class ProducerFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    public ProducerFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
