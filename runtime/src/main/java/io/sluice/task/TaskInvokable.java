package io.sluice.task;

/**
 * The code of one parallel subtask. The TaskExecutor instantiates the class named by the job vertex
 * through the job's user class loader, with a public constructor taking a {@link TaskEnvironment},
 * calls {@link #invoke()} on the task thread, and {@link #cancel()} from another thread.
 */
public interface TaskInvokable {

    /** Runs the subtask to completion. Returns normally when all input is processed; throws on failure. */
    void invoke() throws Exception;

    /**
     * Asks the running {@link #invoke()} to stop soon. Called from another thread; the task thread is
     * interrupted afterwards. Must also release resources that invoke() would otherwise leave behind.
     */
    void cancel() throws Exception;

    /**
     * Called from another thread: a source task starts checkpoint {@code checkpointId} between two
     * records. Tasks that read the network take checkpoints when barriers arrive instead; the default
     * declines.
     */
    default void triggerCheckpoint(long checkpointId, long timestamp) {
        throw new UnsupportedOperationException("this task does not take checkpoints");
    }

    /** Called from another thread: checkpoint {@code checkpointId} completed. */
    default void notifyCheckpointComplete(long checkpointId) {
    }

    /** Called from another thread: checkpoint {@code checkpointId} was aborted. */
    default void notifyCheckpointAborted(long checkpointId) {
    }
}
