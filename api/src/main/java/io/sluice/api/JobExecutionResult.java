package io.sluice.api;

import io.sluice.api.common.JobId;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * The outcome of a job that finished successfully.
 *
 * @param netRuntime time from the start of the job's execution to its end
 */
public record JobExecutionResult(JobId jobId, String jobName, Duration netRuntime) implements Serializable {

    public JobExecutionResult {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(jobName, "jobName");
        Objects.requireNonNull(netRuntime, "netRuntime");
    }
}
