package io.sluice.jobmaster;

import io.sluice.api.common.JobId;
import io.sluice.common.ExecutionState;
import io.sluice.common.JobStatus;
import java.util.List;
import java.util.Map;

/** A job as the REST API shows it. Times are epoch milliseconds; -1 when not yet reached. */
public record JobDetails(JobId jobId, String name, JobStatus status, long startTime, long endTime,
                         int restarts, List<VertexDetails> vertices, Map<ExecutionState, Integer> tasksPerState) {

    public record VertexDetails(String id, String name, int parallelism, List<SubtaskDetails> subtasks) {}

    public record SubtaskDetails(int subtask, int attempt, ExecutionState status, String taskManagerId,
                                 long startTime, long endTime) {}
}
