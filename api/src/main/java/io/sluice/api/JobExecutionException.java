package io.sluice.api;

import io.sluice.api.common.JobId;

/** A job could not be submitted, failed, or was cancelled; the cause is the job's failure. */
public class JobExecutionException extends Exception {

    private static final long serialVersionUID = 1L;

    private final JobId jobId;

    public JobExecutionException(JobId jobId, String message, Throwable cause) {
        super(message, cause);
        this.jobId = jobId;
    }

    public JobId jobId() {
        return jobId;
    }
}
