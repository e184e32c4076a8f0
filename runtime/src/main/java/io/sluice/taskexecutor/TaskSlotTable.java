package io.sluice.taskexecutor;

import io.sluice.api.common.JobId;
import io.sluice.common.AllocationId;
import io.sluice.common.ResourceId;
import io.sluice.common.SlotId;
import io.sluice.protocol.SlotStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The slots of one TaskExecutor and who holds them. A slot is allocated when the ResourceManager
 * assigns it to a job, and active once the job's JobMaster accepted it. Used on the main thread only.
 */
final class TaskSlotTable {

    /** ALLOCATED: given to a job; OFFERED: offered to its JobMaster, answer pending; ACTIVE: accepted. */
    enum State { FREE, ALLOCATED, OFFERED, ACTIVE }

    record Slot(int index, State state, JobId jobId, AllocationId allocationId) {}

    private final ResourceId resourceId;
    private final Slot[] slots;

    TaskSlotTable(ResourceId resourceId, int numberOfSlots) {
        this.resourceId = resourceId;
        this.slots = new Slot[numberOfSlots];
        for (int i = 0; i < numberOfSlots; i++) {
            slots[i] = new Slot(i, State.FREE, null, null);
        }
    }

    int size() {
        return slots.length;
    }

    /** Allocates slot {@code index}; idempotent for the same allocation, refused for another. */
    void allocate(int index, JobId jobId, AllocationId allocationId) {
        if (index < 0 || index >= slots.length) {
            throw new IllegalArgumentException("TaskManager " + resourceId + " has no slot " + index);
        }
        Slot slot = slots[index];
        if (slot.state() != State.FREE && !allocationId.equals(slot.allocationId())) {
            throw new IllegalStateException("slot " + index + " of " + resourceId + " is already held by allocation "
                    + slot.allocationId() + " of job " + slot.jobId());
        }
        if (slot.state() == State.FREE) {
            slots[index] = new Slot(index, State.ALLOCATED, jobId, allocationId);
        }
    }

    void markOffered(AllocationId allocationId) {
        find(allocationId).filter(s -> s.state() == State.ALLOCATED)
                .ifPresent(s -> slots[s.index()] = new Slot(s.index(), State.OFFERED, s.jobId(), allocationId));
    }

    void activate(AllocationId allocationId) {
        find(allocationId).ifPresent(s -> slots[s.index()] = new Slot(s.index(), State.ACTIVE, s.jobId(), allocationId));
    }

    /** Frees the slot of the allocation; returns its index if it was held. */
    Optional<Integer> free(AllocationId allocationId) {
        return find(allocationId).map(s -> {
            slots[s.index()] = new Slot(s.index(), State.FREE, null, null);
            return s.index();
        });
    }

    Optional<Slot> find(AllocationId allocationId) {
        for (Slot s : slots) {
            if (allocationId.equals(s.allocationId())) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    List<Slot> slotsOf(JobId jobId) {
        List<Slot> result = new ArrayList<>();
        for (Slot s : slots) {
            if (jobId.equals(s.jobId())) {
                result.add(s);
            }
        }
        return result;
    }

    boolean hasSlotsOf(JobId jobId) {
        return !slotsOf(jobId).isEmpty();
    }

    List<SlotStatus> report() {
        List<SlotStatus> report = new ArrayList<>(slots.length);
        for (Slot s : slots) {
            report.add(new SlotStatus(new SlotId(resourceId, s.index()), s.jobId(), s.allocationId()));
        }
        return report;
    }
}
