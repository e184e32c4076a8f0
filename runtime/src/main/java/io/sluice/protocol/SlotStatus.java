package io.sluice.protocol;

import io.sluice.api.common.JobId;
import io.sluice.common.AllocationId;
import io.sluice.common.SlotId;

/** A slot as its TaskManager sees it; jobId and allocationId are null for a free slot. */
public record SlotStatus(SlotId slotId, JobId jobId, AllocationId allocationId) {
    public boolean isFree() {
        return allocationId == null;
    }
}
