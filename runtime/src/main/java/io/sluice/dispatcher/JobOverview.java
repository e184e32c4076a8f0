package io.sluice.dispatcher;

import io.sluice.common.JobStatus;

/** One line of the job list (field names as in Flink's /jobs/overview). */
public record JobOverview(String jid, String name, JobStatus state, long startTime, long endTime, long duration,
                          int tasks) {}
