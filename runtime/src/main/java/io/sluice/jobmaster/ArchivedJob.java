package io.sluice.jobmaster;

/** What remains of a finished job: its result and its last details (for REST). */
public record ArchivedJob(JobResult result, JobDetails details) {}
