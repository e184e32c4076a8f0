package io.sluice.jobmaster;

import io.sluice.common.JobResult;

/**
 * What remains of a finished job: its result, its last details and its checkpoint statistics (null
 * when the job was recovered from its result only), for REST.
 */
public record ArchivedJob(JobResult result, JobDetails details, io.sluice.checkpoint.CheckpointStatsSnapshot checkpoints) {

    public ArchivedJob(JobResult result, JobDetails details) {
        this(result, details, null);
    }
}
