package io.sluice.ha;

import io.sluice.common.JobStatus;
import java.util.List;
import java.util.Optional;

/**
 * The newest completed checkpoints of one job ({@code maxRetained} of them). Adding one beyond
 * that number deletes the oldest (subsumed) ones, pointer and payload.
 */
public interface CompletedCheckpointStore {

    /** Stores the checkpoint, then deletes subsumed ones. */
    void addCheckpoint(CompletedCheckpoint checkpoint) throws Exception;

    /** Retained checkpoints, oldest first; re-read from the backing store (recovery). */
    List<CompletedCheckpoint> recover() throws Exception;

    /** The newest retained checkpoint, if any. */
    Optional<CompletedCheckpoint> latest() throws Exception;

    int maxRetained();

    /**
     * The JobMaster is done with the store: when the job is globally terminal all checkpoints are
     * deleted; otherwise (suspended, leadership lost) they stay for the next leader.
     */
    void shutdown(JobStatus jobStatus) throws Exception;
}
