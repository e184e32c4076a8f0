package io.sluice.api.checkpoint;

/**
 * A user function with operator state of its own (state not scoped to a key, such as buffered
 * elements or a source's offsets): the runtime calls {@link #initializeState} before the function
 * opens — with the state of the checkpoint the job restores from, if any — and {@link #snapshotState}
 * on the task's thread at each checkpoint, between two records.
 *
 * <p>Operator state is a list per name. After a change of parallelism a list from
 * {@link OperatorStateStore#getListState} is split among the new instances, one from
 * {@link OperatorStateStore#getUnionListState} goes whole to every instance. Keyed state, timers,
 * window contents and source positions need no code here: they are checkpointed by the runtime.
 */
public interface CheckpointedFunction {

    /** Copies the function's in-memory data into its operator state; keep it short, records wait meanwhile. */
    void snapshotState(FunctionSnapshotContext context) throws Exception;

    /** Registers the function's operator state and, when {@code context.isRestored()}, reads it back. */
    void initializeState(FunctionInitializationContext context) throws Exception;
}
