package io.sluice.common;


/** One slot of one TaskManager. */
public record SlotId(ResourceId resourceId, int slotIndex) {
    @Override
    public String toString() {
        return resourceId + "/" + slotIndex;
    }
}
