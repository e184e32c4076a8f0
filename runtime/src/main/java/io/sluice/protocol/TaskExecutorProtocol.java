package io.sluice.protocol;

import io.sluice.api.common.JobId;
import io.sluice.common.AllocationId;
import io.sluice.common.ExecutionAttemptId;
import java.util.UUID;

/**
 * Messages to a TaskExecutor. The endpoint is not fenced itself (it serves several leaders); each
 * message carries the token of the leader that sends it, checked against the one it is connected to.
 */
public sealed interface TaskExecutorProtocol {

    /** From the ResourceManager: give this slot to the job and offer it to its JobMaster. */
    record RequestSlot(UUID resourceManagerToken, int slotIndex, JobId jobId, AllocationId allocationId,
                       String jobMasterAddress, UUID jobMasterToken) implements TaskExecutorProtocol {}

    /** From a JobMaster: run this task in the slot of tdd.allocationId(). */
    record SubmitTask(UUID jobMasterToken, TaskDeploymentDescriptor tdd) implements TaskExecutorProtocol {}

    record CancelTask(UUID jobMasterToken, ExecutionAttemptId attemptId) implements TaskExecutorProtocol {}

    /** From a JobMaster: a source task starts checkpoint {@code checkpointId} (it injects the barrier). */
    record TriggerCheckpoint(UUID jobMasterToken, ExecutionAttemptId attemptId, long checkpointId, long timestamp)
            implements TaskExecutorProtocol {}

    /** From a JobMaster: checkpoint {@code checkpointId} completed (commit what it covers). */
    record NotifyCheckpointComplete(UUID jobMasterToken, ExecutionAttemptId attemptId, long checkpointId)
            implements TaskExecutorProtocol {}

    /** From a JobMaster: checkpoint {@code checkpointId} will not complete. */
    record NotifyCheckpointAborted(UUID jobMasterToken, ExecutionAttemptId attemptId, long checkpointId)
            implements TaskExecutorProtocol {}

    /** From a JobMaster: the slot is no longer needed. */
    record FreeSlot(UUID jobMasterToken, AllocationId allocationId, String cause) implements TaskExecutorProtocol {}

    /** Heartbeat request from the ResourceManager; the reply ({@code List<SlotStatus>}) is the TaskManager's heartbeat. */
    record ResourceManagerHeartbeat(UUID resourceManagerToken) implements TaskExecutorProtocol {}

    /** Heartbeat request from a JobMaster; the reply (null) is the TaskManager's heartbeat. */
    record JobMasterHeartbeat(JobId jobId, UUID jobMasterToken) implements TaskExecutorProtocol {}

    record DisconnectJobMaster(JobId jobId, UUID jobMasterToken, String cause) implements TaskExecutorProtocol {}

    record DisconnectResourceManager(UUID resourceManagerToken, String cause) implements TaskExecutorProtocol {}

    /**
     * From the ApplicationMaster's delegation token manager (through the ResourceManager leader's
     * token, so a stale attempt cannot overwrite newer tokens): fresh Hadoop delegation tokens
     * ({@code Credentials} in Hadoop's token storage format) for this process's user. Reply: the
     * number of tokens added.
     */
    record UpdateDelegationTokens(UUID resourceManagerToken, byte[] credentials) implements TaskExecutorProtocol {}
}
