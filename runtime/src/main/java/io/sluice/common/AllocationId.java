package io.sluice.common;

import java.util.UUID;

/** Names one slot request of a JobMaster, and the slot that serves it, end to end. */
public record AllocationId(UUID value) {
    public static AllocationId generate() {
        return new AllocationId(UUID.randomUUID());
    }

    @Override
    public String toString() {
        return value.toString().substring(0, 8);
    }
}
