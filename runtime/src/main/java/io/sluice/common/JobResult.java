package io.sluice.common;

import io.sluice.api.common.JobId;
import io.sluice.rpc.SerializedThrowable;

/** The outcome of a finished job, kept by the Dispatcher for the REST API and attached clients. */
public record JobResult(JobId jobId, String jobName, JobStatus status, long startTime, long endTime,
                        int restarts, SerializedThrowable failureCause) {

    public boolean isSuccess() {
        return status == JobStatus.FINISHED;
    }
}
