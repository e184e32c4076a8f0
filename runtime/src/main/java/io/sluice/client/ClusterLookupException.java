package io.sluice.client;

/**
 * The cluster a program submits to could not be found (e.g. the YARN application is unknown or has
 * ended). Thrown from {@code execute()} when the lookup ran while the program built its job; the CLI
 * reports it as a bad target, not as a failure of the program.
 */
public final class ClusterLookupException extends Exception {

    public ClusterLookupException(String message, Throwable cause) {
        super(message, cause);
    }
}
