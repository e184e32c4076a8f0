package io.sluice.resourcemanager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.common.JobId;
import io.sluice.common.AllocationId;
import io.sluice.common.ResourceId;
import io.sluice.common.SlotId;
import io.sluice.protocol.SlotStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SlotManagerTest {

    record Allocation(ResourceId tm, int slot, JobId job, AllocationId id) {}

    final List<Allocation> sent = new ArrayList<>();
    final SlotManager slots = new SlotManager((tm, i, job, id) -> sent.add(new Allocation(tm, i, job, id)));
    final JobId job = JobId.generate();

    static List<SlotStatus> freeSlots(ResourceId tm, int n) {
        List<SlotStatus> report = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            report.add(new SlotStatus(new SlotId(tm, i), null, null));
        }
        return report;
    }

    @Test
    void requestsWaitForSlotsAndAreServedOldestFirst() {
        AllocationId first = AllocationId.generate();
        AllocationId second = AllocationId.generate();
        slots.requestSlot(job, first);
        slots.requestSlot(job, second);
        assertEquals(2, slots.unassignedRequests());
        assertTrue(sent.isEmpty());

        ResourceId tm = new ResourceId("tm-1");
        slots.registerTaskManager(tm, freeSlots(tm, 1));
        assertEquals(List.of(new Allocation(tm, 0, job, first)), sent);
        assertEquals(1, slots.unassignedRequests());
    }

    @Test
    void refusedAllocationIsRetriedOnAnotherSlot() {
        ResourceId tm = new ResourceId("tm-1");
        slots.registerTaskManager(tm, freeSlots(tm, 2));
        AllocationId id = AllocationId.generate();
        slots.requestSlot(job, id);
        slots.allocationFailed(tm, 0, id);
        assertEquals(2, sent.size());
        assertEquals(id, sent.get(1).id());
    }

    @Test
    void lostTaskManagerReportsJobsAndReturnsPendingRequests() {
        ResourceId tm = new ResourceId("tm-1");
        slots.registerTaskManager(tm, freeSlots(tm, 2));
        AllocationId held = AllocationId.generate();
        AllocationId pending = AllocationId.generate();
        slots.requestSlot(job, held);
        slots.allocationSucceeded(tm, 0, held);
        slots.requestSlot(job, pending); // handed out, not confirmed
        assertEquals(Set.of(job), slots.unregisterTaskManager(tm));
        assertEquals(1, slots.unassignedRequests(), "the unconfirmed request waits for another slot");
        assertEquals(0, slots.totalSlots());
    }

    @Test
    void freedSlotServesWaitingRequestAndRepeatedRequestsAreIgnored() {
        ResourceId tm = new ResourceId("tm-1");
        slots.registerTaskManager(tm, freeSlots(tm, 1));
        AllocationId a = AllocationId.generate();
        AllocationId b = AllocationId.generate();
        slots.requestSlot(job, a);
        slots.allocationSucceeded(tm, 0, a);
        slots.requestSlot(job, b);
        slots.requestSlot(job, b);
        assertEquals(1, slots.unassignedRequests());
        slots.slotFreed(tm, 0, a);
        assertEquals(b, sent.get(sent.size() - 1).id());
        assertEquals(0, slots.unassignedRequests());
    }

    @Test
    void heartbeatReportIsTheTruthForSettledSlots() {
        ResourceId tm = new ResourceId("tm-1");
        slots.registerTaskManager(tm, freeSlots(tm, 1));
        AllocationId a = AllocationId.generate();
        slots.requestSlot(job, a);
        slots.allocationSucceeded(tm, 0, a);
        assertEquals(0, slots.freeSlots());
        slots.reconcile(tm, freeSlots(tm, 1)); // the TaskManager freed it and the message was lost
        assertEquals(1, slots.freeSlots());
    }

    @Test
    void idleTaskManagersAreFoundAfterTheTimeout() throws InterruptedException {
        ResourceId tm = new ResourceId("tm-1");
        slots.registerTaskManager(tm, freeSlots(tm, 1));
        assertTrue(slots.idleTaskManagers(java.time.Duration.ofHours(1).toNanos()).isEmpty());
        Thread.sleep(5);
        assertEquals(List.of(tm), slots.idleTaskManagers(1_000_000));
        AllocationId a = AllocationId.generate();
        slots.requestSlot(job, a);
        assertTrue(slots.idleTaskManagers(1_000_000).isEmpty(), "a TaskManager with a slot in use is not idle");
    }
}
