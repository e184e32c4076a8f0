package io.sluice.checkpoint;

import io.sluice.common.ExecutionAttemptId;
import java.util.List;
import java.util.Map;

/**
 * Who takes part in a checkpoint: the source tasks the JobMaster triggers, and every task that must
 * acknowledge, with where its state belongs.
 */
public record CheckpointPlan(List<ExecutionAttemptId> sources, Map<ExecutionAttemptId, Task> tasks) {

    /** A subtask of the job graph. */
    public record Task(String vertexId, String vertexName, int subtaskIndex, int parallelism, int maxParallelism,
                       List<String> operatorIds) {
    }

    public CheckpointPlan {
        sources = List.copyOf(sources);
        tasks = Map.copyOf(tasks);
    }
}
