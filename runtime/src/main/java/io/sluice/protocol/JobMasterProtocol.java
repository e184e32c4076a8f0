package io.sluice.protocol;

import io.sluice.common.AllocationId;
import io.sluice.common.ExecutionAttemptId;
import io.sluice.common.ResourceId;
import java.util.List;

/** Messages to a JobMaster; all fenced with the JobMaster's leader token. */
public sealed interface JobMasterProtocol {

    /** Reply: ResourceManagerProtocol.Registration. {@code dataAddress} is where its tasks' partitions are served. */
    record RegisterTaskManager(ResourceId resourceId, String address, io.sluice.network.DataAddress dataAddress)
            implements JobMasterProtocol {}

    /** Reply: the accepted allocation ids; the others go back to the TaskManager's free slots. */
    record OfferSlots(ResourceId resourceId, List<SlotOffer> offers) implements JobMasterProtocol {}

    record UpdateTaskExecutionState(TaskExecutionState state) implements JobMasterProtocol {}

    /** Heartbeat request from the ResourceManager (the reply is the heartbeat); reply: null. */
    record ResourceManagerHeartbeat() implements JobMasterProtocol {}

    /** A TaskManager is gone (heartbeat loss seen by the ResourceManager, or the process/container ended). */
    record DisconnectTaskManager(ResourceId resourceId, String cause) implements JobMasterProtocol {}

    record DisconnectResourceManager(String cause) implements JobMasterProtocol {}

    /**
     * Reply: {@code JobDetails} (jobmaster). Read-only, so unfenced: the Dispatcher may ask between the JobMaster's
     * start and its leadership grant.
     */
    record RequestJobDetails() implements JobMasterProtocol, io.sluice.rpc.UnfencedMessage {}

    /** Reply: null once cancellation started. */
    record Cancel() implements JobMasterProtocol {}

    /** From a task (through its TaskManager): its part of checkpoint {@code checkpointId} is written. */
    record AcknowledgeCheckpoint(io.sluice.api.common.JobId jobId, ExecutionAttemptId attemptId, long checkpointId,
                                 io.sluice.checkpoint.TaskStateSnapshot state,
                                 io.sluice.checkpoint.CheckpointMetrics metrics) implements JobMasterProtocol {}

    /**
     * From a task: it could not take its part of the checkpoint (the reason says why). {@code notReady}:
     * the task was not running yet (or any more), which aborts the checkpoint without counting as a
     * checkpoint failure.
     */
    record DeclineCheckpoint(io.sluice.api.common.JobId jobId, ExecutionAttemptId attemptId, long checkpointId,
                             String reason, boolean notReady) implements JobMasterProtocol {}

    /** Reply: the id of the checkpoint once it completed; fails with the reason it did not. */
    record TriggerCheckpoint() implements JobMasterProtocol {}

    /** Reply: {@code CheckpointStatsSnapshot}. Read-only, so unfenced. */
    record RequestCheckpointStats() implements JobMasterProtocol, io.sluice.rpc.UnfencedMessage {}

    record SlotOffer(AllocationId allocationId, int slotIndex) {}
}
