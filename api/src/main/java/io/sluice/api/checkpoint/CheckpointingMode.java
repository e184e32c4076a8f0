package io.sluice.api.checkpoint;

/** What a checkpoint guarantees after a restore ({@code execution.checkpointing.mode}). */
public enum CheckpointingMode {
    /** Channels are aligned: a channel whose barrier arrived waits until all have it. */
    EXACTLY_ONCE,
    /** No alignment: records after a barrier may be in the snapshot and are replayed again after a restore. */
    AT_LEAST_ONCE
}
