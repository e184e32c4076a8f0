package io.sluice.resourcemanager;

import io.sluice.api.common.JobId;
import io.sluice.common.AllocationId;
import io.sluice.common.ResourceId;
import io.sluice.protocol.SlotStatus;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ResourceManager's book of slots: which TaskManager slot is free, being handed out, or held by
 * which job, and which slot requests still wait. Pure bookkeeping on the ResourceManager's main
 * thread; it decides, {@link Actions} carries the decisions out.
 */
final class SlotManager {

    interface Actions {
        /** Ask the TaskManager to give the slot to the job; report back with allocationSucceeded/Failed. */
        void allocateSlot(ResourceId taskManager, int slotIndex, JobId jobId, AllocationId allocationId);
    }

    enum SlotState { FREE, PENDING, ALLOCATED }

    record Slot(SlotState state, JobId jobId, AllocationId allocationId) {
        static final Slot FREE = new Slot(SlotState.FREE, null, null);
    }

    private static final class TaskManager {
        final Slot[] slots;
        long idleSinceNanos;

        TaskManager(int n, long now) {
            slots = new Slot[n];
            java.util.Arrays.fill(slots, Slot.FREE);
            idleSinceNanos = now;
        }

        boolean isIdle() {
            for (Slot s : slots) {
                if (s.state() != SlotState.FREE) {
                    return false;
                }
            }
            return true;
        }
    }

    private final Actions actions;
    private final Map<ResourceId, TaskManager> taskManagers = new LinkedHashMap<>();
    /** Requests without a slot yet, oldest first. */
    private final LinkedHashMap<AllocationId, JobId> unassigned = new LinkedHashMap<>();

    SlotManager(Actions actions) {
        this.actions = actions;
    }

    void registerTaskManager(ResourceId id, List<SlotStatus> report) {
        TaskManager tm = new TaskManager(report.size(), System.nanoTime());
        for (SlotStatus s : report) {
            if (!s.isFree()) {
                tm.slots[s.slotId().slotIndex()] = new Slot(SlotState.ALLOCATED, s.jobId(), s.allocationId());
                unassigned.remove(s.allocationId());
            }
        }
        taskManagers.put(id, tm);
        assignSlots();
    }

    boolean isRegistered(ResourceId id) {
        return taskManagers.containsKey(id);
    }

    /** Forgets the TaskManager; returns the jobs that held slots on it. Its pending hand-outs wait again. */
    Set<JobId> unregisterTaskManager(ResourceId id) {
        TaskManager tm = taskManagers.remove(id);
        Set<JobId> affected = new HashSet<>();
        if (tm != null) {
            for (Slot s : tm.slots) {
                if (s.state() == SlotState.ALLOCATED) {
                    affected.add(s.jobId());
                } else if (s.state() == SlotState.PENDING) {
                    unassigned.put(s.allocationId(), s.jobId());
                }
            }
            assignSlots();
        }
        return affected;
    }

    void requestSlot(JobId jobId, AllocationId allocationId) {
        if (isKnown(allocationId)) {
            return; // a retried request
        }
        unassigned.put(allocationId, jobId);
        assignSlots();
    }

    void cancelRequest(AllocationId allocationId) {
        unassigned.remove(allocationId);
    }

    /** Drops the waiting requests of a job (the JobMaster went away). */
    void removeRequestsOf(JobId jobId) {
        unassigned.values().removeIf(jobId::equals);
    }

    void allocationSucceeded(ResourceId id, int index, AllocationId allocationId) {
        TaskManager tm = taskManagers.get(id);
        if (tm != null && tm.slots[index].state() == SlotState.PENDING
                && allocationId.equals(tm.slots[index].allocationId())) {
            tm.slots[index] = new Slot(SlotState.ALLOCATED, tm.slots[index].jobId(), allocationId);
        }
    }

    void allocationFailed(ResourceId id, int index, AllocationId allocationId) {
        TaskManager tm = taskManagers.get(id);
        if (tm != null && allocationId.equals(tm.slots[index].allocationId())) {
            JobId jobId = tm.slots[index].jobId();
            markFree(tm, index);
            unassigned.put(allocationId, jobId);
        }
        assignSlots();
    }

    void slotFreed(ResourceId id, int index, AllocationId allocationId) {
        TaskManager tm = taskManagers.get(id);
        if (tm != null && index < tm.slots.length && allocationId.equals(tm.slots[index].allocationId())) {
            markFree(tm, index);
            assignSlots();
        }
    }

    /** Takes the TaskManager's own view (from its heartbeat) as the truth for settled slots. */
    void reconcile(ResourceId id, List<SlotStatus> report) {
        TaskManager tm = taskManagers.get(id);
        if (tm == null) {
            return;
        }
        boolean freed = false;
        for (SlotStatus s : report) {
            int i = s.slotId().slotIndex();
            if (i >= tm.slots.length || tm.slots[i].state() == SlotState.PENDING) {
                continue;
            }
            if (s.isFree() && tm.slots[i].state() == SlotState.ALLOCATED) {
                markFree(tm, i);
                freed = true;
            } else if (!s.isFree() && tm.slots[i].state() == SlotState.FREE) {
                tm.slots[i] = new Slot(SlotState.ALLOCATED, s.jobId(), s.allocationId());
            }
        }
        if (freed) {
            assignSlots();
        }
    }

    private void markFree(TaskManager tm, int index) {
        tm.slots[index] = Slot.FREE;
        if (tm.isIdle()) {
            tm.idleSinceNanos = System.nanoTime();
        }
    }

    private boolean isKnown(AllocationId allocationId) {
        if (unassigned.containsKey(allocationId)) {
            return true;
        }
        for (TaskManager tm : taskManagers.values()) {
            for (Slot s : tm.slots) {
                if (allocationId.equals(s.allocationId())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Hands free slots to waiting requests, oldest request first. */
    private void assignSlots() {
        Iterator<Map.Entry<AllocationId, JobId>> waiting = unassigned.entrySet().iterator();
        while (waiting.hasNext()) {
            Map.Entry<AllocationId, JobId> request = waiting.next();
            ResourceId chosen = null;
            int index = -1;
            for (Map.Entry<ResourceId, TaskManager> e : taskManagers.entrySet()) {
                Slot[] slots = e.getValue().slots;
                for (int i = 0; i < slots.length && chosen == null; i++) {
                    if (slots[i].state() == SlotState.FREE) {
                        chosen = e.getKey();
                        index = i;
                    }
                }
                if (chosen != null) {
                    break;
                }
            }
            if (chosen == null) {
                return;
            }
            taskManagers.get(chosen).slots[index] = new Slot(SlotState.PENDING, request.getValue(), request.getKey());
            waiting.remove();
            actions.allocateSlot(chosen, index, request.getValue(), request.getKey());
        }
    }

    int unassignedRequests() {
        return unassigned.size();
    }

    int freeSlots() {
        int n = 0;
        for (TaskManager tm : taskManagers.values()) {
            for (Slot s : tm.slots) {
                n += s.state() == SlotState.FREE ? 1 : 0;
            }
        }
        return n;
    }

    int totalSlots() {
        return taskManagers.values().stream().mapToInt(tm -> tm.slots.length).sum();
    }

    int freeSlotsOf(ResourceId id) {
        TaskManager tm = taskManagers.get(id);
        int n = 0;
        if (tm != null) {
            for (Slot s : tm.slots) {
                n += s.state() == SlotState.FREE ? 1 : 0;
            }
        }
        return n;
    }

    int slotsOf(ResourceId id) {
        TaskManager tm = taskManagers.get(id);
        return tm == null ? 0 : tm.slots.length;
    }

    /** TaskManagers whose slots have all been free for longer than {@code timeoutNanos}. */
    List<ResourceId> idleTaskManagers(long timeoutNanos) {
        long now = System.nanoTime();
        List<ResourceId> idle = new ArrayList<>();
        taskManagers.forEach((id, tm) -> {
            if (tm.isIdle() && now - tm.idleSinceNanos > timeoutNanos) {
                idle.add(id);
            }
        });
        return idle;
    }
}
