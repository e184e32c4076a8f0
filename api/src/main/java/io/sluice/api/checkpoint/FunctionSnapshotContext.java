package io.sluice.api.checkpoint;

/** Which checkpoint a {@link CheckpointedFunction#snapshotState} call belongs to. */
public interface FunctionSnapshotContext {

    long getCheckpointId();

    /** When the JobMaster triggered the checkpoint (epoch millis). */
    long getCheckpointTimestamp();
}
