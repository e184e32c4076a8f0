package io.sluice.ha;

import io.sluice.api.common.JobId;
import java.util.Collection;
import java.util.Optional;

/**
 * Submitted jobs that are not done yet, so that a new leader can recover them. An entry that a
 * JobManager added or recovered is locked by it until it calls {@link #release} or {@link #remove};
 * {@link #remove} never deletes an entry that another live JobManager still holds.
 */
public interface JobGraphStore {

    /** Adds or replaces the job's entry and locks it for this JobManager. */
    void put(StoredJobGraph job) throws Exception;

    /** The job's entry, locked for this JobManager; empty when there is none. */
    Optional<StoredJobGraph> recover(JobId jobId) throws Exception;

    /** Ids of all stored jobs. */
    Collection<JobId> jobIds() throws Exception;

    /**
     * Drops this JobManager's lock and deletes the entry (pointer and payload) unless another
     * JobManager still holds a lock on it. Idempotent.
     *
     * @return true when the entry is gone
     */
    boolean remove(JobId jobId) throws Exception;

    /** Drops this JobManager's lock but keeps the entry (leadership lost: the next leader recovers it). */
    void release(JobId jobId) throws Exception;
}
