package io.sluice.api.connector.source;

import java.io.Serializable;
import java.util.List;

/**
 * Reads the splits of one parallel instance of a {@link Source}. The task calls {@link #pollNext} in
 * a loop on its own thread; checkpoints and their notices come between two calls, on that thread, so a
 * reader needs no locks.
 *
 * <p>Lifecycle: {@link #addSplits} (once, before the first poll: the assigned splits on a fresh start,
 * the checkpointed ones after a restore), then {@link #pollNext} until it returns
 * {@link InputStatus#END_OF_INPUT}, with {@link #snapshotState} and the checkpoint notices in between;
 * {@link #close} always, also after a failure or a cancellation.
 */
public interface SourceReader<T, Split extends Serializable> extends AutoCloseable {

    /** The splits this reader reads. */
    void addSplits(List<Split> splits) throws Exception;

    /**
     * Emits a bounded batch of records, or waits briefly (at most about 100 ms) when none are ready, so
     * that the task can take checkpoints and notice a cancellation in between.
     */
    InputStatus pollNext(SourceOutput<T> output) throws Exception;

    /**
     * The unfinished splits with their progress: everything before it has been emitted, nothing after
     * it. Restoring them must make the reader continue with the next record after the snapshot.
     */
    List<Split> snapshotState(long checkpointId) throws Exception;

    /** Checkpoint {@code checkpointId} completed (and with it every earlier one); best effort. */
    default void notifyCheckpointComplete(long checkpointId) throws Exception {
    }

    /** Checkpoint {@code checkpointId} was abandoned; best effort. */
    default void notifyCheckpointAborted(long checkpointId) throws Exception {
    }

    /** Releases connections and files; called once, also after a failure. */
    @Override
    void close() throws Exception;
}
