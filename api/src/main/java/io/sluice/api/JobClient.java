package io.sluice.api;

import io.sluice.api.common.JobId;
import java.util.concurrent.CompletableFuture;

/**
 * A handle on a submitted job, returned by a {@link PipelineExecutor}.
 *
 * <p>Contract for implementers: {@link #result()} completes normally when the job finishes and
 * exceptionally when it fails (with the job's failure, whose cause chain holds the original user
 * exception) or is cancelled (with a {@link java.util.concurrent.CancellationException} or an
 * exception describing the cancellation). Every call returns the same future.
 */
public interface JobClient {

    JobId jobId();

    /** Completes when the job reaches a terminal state; see the class comment. */
    CompletableFuture<JobExecutionResult> result();

    /** Asks the job to cancel; completes when the cluster has accepted the request. */
    CompletableFuture<Void> cancel();
}
