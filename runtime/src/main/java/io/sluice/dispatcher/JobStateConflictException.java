package io.sluice.dispatcher;

/** The request does not fit the job's state, e.g. cancelling a finished job or resubmitting a job id. */
public class JobStateConflictException extends RuntimeException {
    public JobStateConflictException(String message) {
        super(message);
    }
}
