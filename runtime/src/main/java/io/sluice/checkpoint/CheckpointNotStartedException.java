package io.sluice.checkpoint;

/**
 * A checkpoint was asked for but not started, because of the job's state rather than a failure of
 * the checkpoint: the job or one of its tasks is not running, checkpointing is shut down, or other
 * checkpoints hold every slot. REST answers it with 409, unlike a checkpoint that started and failed.
 */
public class CheckpointNotStartedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public CheckpointNotStartedException(String message) {
        super(message);
    }
}
