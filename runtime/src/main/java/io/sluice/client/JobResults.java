package io.sluice.client;

import io.sluice.api.JobExecutionResult;
import io.sluice.common.JobResult;
import io.sluice.rpc.SerializedThrowable;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;

/** Turns a finished job's result into what {@link io.sluice.api.JobClient#result()} promises. */
final class JobResults {

    private JobResults() {}

    static JobExecutionResult toExecutionResult(JobResult r) {
        return switch (r.status()) {
            case FINISHED -> new JobExecutionResult(r.jobId(), r.jobName(), Duration.ofMillis(r.endTime() - r.startTime()));
            case CANCELED -> throw new CancellationException("job " + r.jobId() + " was cancelled");
            default -> throw new CompletionException(new JobFailedException("job '" + r.jobName() + "' (" + r.jobId()
                    + ") " + r.status() + " after " + r.restarts() + " restart(s)", r.failureCause()));
        };
    }

    /** The job ended unsuccessfully; the cause is the job's failure as the cluster recorded it. */
    public static final class JobFailedException extends RuntimeException {
        JobFailedException(String message, SerializedThrowable cause) {
            super(message, cause);
        }
    }
}
