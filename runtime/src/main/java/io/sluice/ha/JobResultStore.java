package io.sluice.ha;

import io.sluice.api.common.JobId;
import io.sluice.common.JobResult;
import java.util.Collection;
import java.util.Optional;

/**
 * Results of jobs that reached a globally terminal state. An entry is dirty from the moment the
 * result is known until the job's HA data is cleaned up, then clean. A job with an entry of either
 * kind is never run again; a new leader finishes the cleanup of the dirty ones.
 */
public interface JobResultStore {

    /** Records the result as dirty; fails if the job already has an entry. */
    void createDirtyResult(JobResult result) throws Exception;

    /** Marks the job's entry clean: its cleanup is complete. Idempotent. */
    void markResultClean(JobId jobId) throws Exception;

    boolean hasJobResultEntry(JobId jobId) throws Exception;

    boolean hasDirtyJobResultEntry(JobId jobId) throws Exception;

    boolean hasCleanJobResultEntry(JobId jobId) throws Exception;

    /**
     * The recorded result of a job, dirty or clean; empty when the job has no entry or the store keeps
     * no details of it. Lets a new leader report how a job ended before a failover without running it.
     */
    Optional<JobResult> jobResult(JobId jobId) throws Exception;

    /** Results whose cleanup has not finished. */
    Collection<JobResult> dirtyResults() throws Exception;
}
