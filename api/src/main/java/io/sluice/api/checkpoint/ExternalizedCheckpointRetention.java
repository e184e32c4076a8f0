package io.sluice.api.checkpoint;

/** What happens to the retained checkpoints when a job is cancelled. */
public enum ExternalizedCheckpointRetention {
    DELETE_ON_CANCELLATION,
    RETAIN_ON_CANCELLATION
}
