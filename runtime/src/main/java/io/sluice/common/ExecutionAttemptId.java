package io.sluice.common;

import java.util.UUID;

/** One execution attempt of one subtask; a restart gets a new id, so stale reports are ignored. */
public record ExecutionAttemptId(UUID value) {
    public static ExecutionAttemptId generate() {
        return new ExecutionAttemptId(UUID.randomUUID());
    }

    @Override
    public String toString() {
        return value.toString().substring(0, 8);
    }
}
