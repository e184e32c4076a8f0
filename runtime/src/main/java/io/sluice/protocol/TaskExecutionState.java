package io.sluice.protocol;

import io.sluice.api.common.JobId;
import io.sluice.common.ExecutionAttemptId;
import io.sluice.common.ExecutionState;
import io.sluice.rpc.SerializedThrowable;

/** A task's report of its new state; failure is set for FAILED. */
public record TaskExecutionState(JobId jobId, ExecutionAttemptId attemptId, ExecutionState state,
                                 SerializedThrowable failure) {}
