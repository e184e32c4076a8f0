package io.sluice.dispatcher;

import io.sluice.api.common.JobId;

public class JobNotFoundException extends RuntimeException {
    public JobNotFoundException(JobId jobId) {
        super("Job " + jobId + " not found: it never ran here, or its result was dropped (jobstore.max-capacity)");
    }
}
