package io.sluice.protocol;

import io.sluice.api.common.JobId;
import io.sluice.common.AllocationId;
import io.sluice.common.ResourceId;
import java.util.List;
import java.util.UUID;

/** Messages to the ResourceManager. All are fenced with the ResourceManager's leader token. */
public sealed interface ResourceManagerProtocol {

    /** A TaskManager (re-)registers with all its slots; reply: {@link Registration}. */
    record RegisterTaskExecutor(ResourceId resourceId, String address, String host, List<SlotStatus> slots)
            implements ResourceManagerProtocol {}

    /** A JobMaster registers to request slots; reply: {@link Registration}. */
    record RegisterJobMaster(JobId jobId, String address, UUID jobMasterToken) implements ResourceManagerProtocol {}

    /** Ask for one slot for the job; the TaskManager holding it will offer it to the JobMaster. Reply: null. */
    record RequestSlot(JobId jobId, AllocationId allocationId) implements ResourceManagerProtocol {}

    /** The JobMaster no longer needs the pending request. */
    record CancelSlotRequest(AllocationId allocationId) implements ResourceManagerProtocol {}

    /** A TaskManager freed a slot (job done, slot rejected or released). */
    record SlotFreed(ResourceId resourceId, int slotIndex, AllocationId allocationId) implements ResourceManagerProtocol {}

    record DisconnectTaskExecutor(ResourceId resourceId, String cause) implements ResourceManagerProtocol {}

    record DisconnectJobMaster(JobId jobId, String cause) implements ResourceManagerProtocol {}

    /** Reply: {@code List<TaskManagerInfo>}. */
    record ListTaskManagers() implements ResourceManagerProtocol {}

    /** Reply: {@link ResourceOverview}. */
    record RequestOverview() implements ResourceManagerProtocol {}

    /** Reply: {@code List<WorkerInfo>}: pending requests, live workers, recently ended ones. */
    record ListWorkers() implements ResourceManagerProtocol {}

    /** The answer to a registration; a declined one says why. */
    record Registration(boolean accepted, UUID heartbeatTargetToken, String declineReason) {
        public static Registration accepted(UUID token) {
            return new Registration(true, token, null);
        }

        public static Registration declined(String reason) {
            return new Registration(false, null, reason);
        }
    }

    /** Slot and TaskManager counts, for the REST overview. */
    record ResourceOverview(int taskManagers, int slotsTotal, int slotsAvailable, int pendingSlotRequests,
                            int pendingWorkers) {}

    /** One TaskManager, for REST; {@code worker} holds its start-up times. */
    record TaskManagerInfo(ResourceId id, String address, int slotsNumber, int freeSlots,
                           long lastHeartbeatMillis, long registeredAtMillis, WorkerInfo worker) {}

    /**
     * One worker (TaskManager process or container) as the ResourceManager tracks it, for REST.
     * Times are epoch millis, 0 when unknown or not reached.
     *
     * @param id          the worker's resource id (the YARN container id); null while only requested
     * @param state       REQUESTED, STARTING (launched, not registered), REGISTERED or ENDED
     * @param recovered   kept from a previous ApplicationMaster attempt and adopted at {@code recoveredAt}
     * @param exitStatus  for ended workers: the process exit code or YARN exit status, null when unknown
     * @param diagnostics for ended workers: why
     */
    record WorkerInfo(String id, String state, String node, boolean recovered, long requestedAt, long allocatedAt,
                      long launchedAt, long recoveredAt, long registeredAt, long endedAt, Integer exitStatus,
                      String diagnostics) {}
}
