package io.sluice.jobmaster;

import io.sluice.common.AllocationId;
import io.sluice.common.ResourceId;
import java.util.ArrayList;
import java.util.List;

/**
 * The slots a job holds. With slot sharing the job needs one slot per parallel index; slot i runs
 * subtask i of every vertex. Each index is first requested (an allocation id) and then filled by
 * the slot a TaskManager offers for that allocation. Main-thread only.
 */
final class SlotPool {

    record AllocatedSlot(AllocationId allocationId, ResourceId taskManager, int slotIndex) {}

    private final AllocationId[] requested;
    private final AllocatedSlot[] slots;

    SlotPool(int size) {
        this.requested = new AllocationId[size];
        this.slots = new AllocatedSlot[size];
    }

    /** New allocation ids for every index that has neither a slot nor a request in flight. */
    List<AllocationId> requestMissing() {
        List<AllocationId> fresh = new ArrayList<>();
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] == null && requested[i] == null) {
                requested[i] = AllocationId.generate();
                fresh.add(requested[i]);
            }
        }
        return fresh;
    }

    /** Accepts an offered slot if it answers one of our requests. */
    boolean offer(AllocationId allocationId, ResourceId taskManager, int slotIndex) {
        for (int i = 0; i < slots.length; i++) {
            if (allocationId.equals(requested[i])) {
                if (slots[i] == null) {
                    slots[i] = new AllocatedSlot(allocationId, taskManager, slotIndex);
                    return true;
                }
                // A repeated offer of a slot we already hold (e.g. the first answer was lost): still ours.
                return slots[i].taskManager().equals(taskManager) && slots[i].slotIndex() == slotIndex;
            }
        }
        return false;
    }

    boolean isComplete() {
        for (AllocatedSlot s : slots) {
            if (s == null) {
                return false;
            }
        }
        return true;
    }

    int missing() {
        int n = 0;
        for (AllocatedSlot s : slots) {
            n += s == null ? 1 : 0;
        }
        return n;
    }

    AllocatedSlot slot(int index) {
        return slots[index];
    }

    /** Forgets the slots on a lost TaskManager so that they are requested again. */
    void removeTaskManager(ResourceId taskManager) {
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] != null && slots[i].taskManager().equals(taskManager)) {
                slots[i] = null;
                requested[i] = null;
            }
        }
    }

    /** Requests still waiting for a slot. */
    List<AllocationId> pendingRequests() {
        List<AllocationId> pending = new ArrayList<>();
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] == null && requested[i] != null) {
                pending.add(requested[i]);
            }
        }
        return pending;
    }

    /** Drops unanswered requests (e.g. after a slot request timeout) so they are made again. */
    void forgetPendingRequests() {
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] == null) {
                requested[i] = null;
            }
        }
    }

    List<AllocatedSlot> allocatedSlots() {
        List<AllocatedSlot> all = new ArrayList<>();
        for (AllocatedSlot s : slots) {
            if (s != null) {
                all.add(s);
            }
        }
        return all;
    }

    void clear() {
        java.util.Arrays.fill(slots, null);
        java.util.Arrays.fill(requested, null);
    }
}
