package io.sluice.ha;

import io.sluice.common.JobStatus;

/** Hands out checkpoint ids of one job, increasing across leaders. Ids start at 1. */
public interface CheckpointIdCounter {

    void start() throws Exception;

    /** The next id to use; the counter then points past it. */
    long getAndIncrement() throws Exception;

    /** The id that {@link #getAndIncrement()} would return next. */
    long get() throws Exception;

    /** Sets the next id (restore from a savepoint). */
    void setCount(long next) throws Exception;

    /** Deletes the counter when the job is globally terminal; keeps it otherwise. */
    void shutdown(JobStatus jobStatus) throws Exception;
}
