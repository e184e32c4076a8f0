package io.sluice.client.cli;

/** A mistake in how the CLI was called (bad flag, missing jar, ...): printed as one line, exit code 2. */
public class CliException extends RuntimeException {
    public CliException(String message) {
        super(message);
    }
}
