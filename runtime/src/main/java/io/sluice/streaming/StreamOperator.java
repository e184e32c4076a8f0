package io.sluice.streaming;

import java.io.Serializable;

/**
 * An operator of a chain. Instances are built by the API on the client, shipped with Java
 * serialization inside the job vertex, and deserialized once per subtask; per-subtask state
 * therefore lives in transient fields that {@link #setup} and {@link #open} initialize.
 *
 * <p>Lifecycle, driven by the task: {@code setup -> initializeState -> open -> (records, checkpoints)
 * -> finish -> close}. Checkpoints happen between two records, on the task thread.
 *
 * @param <OUT> type of the records the operator emits ({@link Void} for sinks)
 */
public interface StreamOperator<OUT> extends Serializable {

    /** Gives the operator its subtask context and the output to push records to. */
    void setup(OperatorContext context, Output<OUT> output);

    /** Restores the instance's state from a checkpoint (or learns that there is none); before {@link #open}. */
    default void initializeState(StateInitializationContext context) throws Exception {
    }

    /**
     * The synchronous part of a checkpoint, on the task thread between two records: hand everything the
     * checkpoint must hold to {@code context}; heavy writing goes into its asynchronous keyed writer.
     */
    default void snapshotState(StateSnapshotContext context) throws Exception {
    }

    /** Checkpoint {@code checkpointId} completed: commit what it (and every earlier one) covers. Best effort. */
    default void notifyCheckpointComplete(long checkpointId) throws Exception {
    }

    /** Checkpoint {@code checkpointId} will not complete. Best effort. */
    default void notifyCheckpointAborted(long checkpointId) throws Exception {
    }

    /** Acquires resources (files, connections). Downstream operators are open before upstream ones. */
    default void open() throws Exception {
    }

    /**
     * The input has ended: emit what is buffered and commit results. Not called when the task fails
     * or is cancelled. Upstream operators finish before downstream ones, so they can still emit.
     */
    default void finish() throws Exception {
    }

    /** Releases resources; always called, also after a failure or cancellation. Rolls back what finish did not commit. */
    default void close() throws Exception {
    }
}
