package io.sluice.jobmaster;

import io.sluice.api.common.JobId;
import io.sluice.rpc.SerializedThrowable;

/** A task's report of its new state; failure is set for FAILED. */
public record TaskExecutionState(JobId jobId, ExecutionAttemptId attemptId, ExecutionState state,
                                 SerializedThrowable failure) {}
