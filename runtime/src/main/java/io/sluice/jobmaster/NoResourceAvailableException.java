package io.sluice.jobmaster;

/** The job could not get the slots it needs in time. */
public class NoResourceAvailableException extends RuntimeException {
    public NoResourceAvailableException(String message) {
        super(message);
    }
}
