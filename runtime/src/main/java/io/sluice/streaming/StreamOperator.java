package io.sluice.streaming;

import java.io.Serializable;

/**
 * An operator of a chain. Instances are built by the API on the client, shipped with Java
 * serialization inside the job vertex, and deserialized once per subtask; per-subtask state
 * therefore lives in transient fields that {@link #setup} and {@link #open} initialize.
 *
 * <p>Lifecycle, driven by the task: {@code setup -> open -> (records) -> finish -> close}.
 * State restore will slot in between setup and open.
 *
 * @param <OUT> type of the records the operator emits ({@link Void} for sinks)
 */
public interface StreamOperator<OUT> extends Serializable {

    /** Gives the operator its subtask context and the output to push records to. */
    void setup(OperatorContext context, Output<OUT> output);

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
