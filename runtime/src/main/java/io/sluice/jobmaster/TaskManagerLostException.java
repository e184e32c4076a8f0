package io.sluice.jobmaster;

/** A TaskManager running tasks of the job died or became unreachable. */
public class TaskManagerLostException extends RuntimeException {
    public TaskManagerLostException(String message) {
        super(message);
    }
}
