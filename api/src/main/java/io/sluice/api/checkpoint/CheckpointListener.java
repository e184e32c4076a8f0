package io.sluice.api.checkpoint;

/**
 * Told when a checkpoint completed or was aborted, for functions that commit side effects (a
 * transaction, a file) once the state that covers them is durable.
 *
 * <p>Notifications are best effort: one may never come (the job failed in between, or the message was
 * lost) and a later one may come instead. Completing checkpoint N therefore covers everything up to
 * N: commit all that belongs to N and to earlier checkpoints whose notification did not come. What
 * is not committed when a job fails is committed after the restore, from the restored state.
 */
public interface CheckpointListener {

    /** Checkpoint {@code checkpointId} is complete and durable; commit what it and earlier ones cover. */
    void notifyCheckpointComplete(long checkpointId) throws Exception;

    /** Checkpoint {@code checkpointId} will not complete; what was prepared for it stays for the next one. */
    default void notifyCheckpointAborted(long checkpointId) throws Exception {
    }
}
