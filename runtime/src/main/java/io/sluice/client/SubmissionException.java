package io.sluice.client;

/**
 * A job could not be submitted: its cluster could not be deployed or reached, or it refused the
 * job. Nothing of the job ran, so the CLI treats it like bad input (exit code 2) rather than like
 * a job that failed (exit code 1). The message says what was wrong.
 */
public class SubmissionException extends RuntimeException {
    public SubmissionException(String message, Throwable cause) {
        super(message, cause);
    }
}
