package io.sluice.streaming;

import io.sluice.api.common.JobId;
import io.sluice.graph.JobGraph;
import io.sluice.graph.JobVertex;
import io.sluice.task.TaskEnvironment;
import java.util.Map;

/** A {@link TaskEnvironment} for running one subtask of a job vertex in a test. */
public record TestTaskEnvironment(
        JobId jobId,
        String jobName,
        String vertexId,
        String vertexName,
        int subtaskIndex,
        int parallelism,
        int attemptNumber,
        ClassLoader userClassLoader,
        byte[] invokableConfiguration,
        Map<String, String> jobConfiguration) implements TaskEnvironment {

    public static TestTaskEnvironment of(JobGraph graph, JobVertex vertex, int subtaskIndex, int attemptNumber,
                                         ClassLoader userClassLoader) {
        return new TestTaskEnvironment(graph.jobId(), graph.jobName(), vertex.id(), vertex.name(), subtaskIndex,
                vertex.parallelism(), attemptNumber, userClassLoader, vertex.invokableConfiguration(),
                graph.jobConfiguration());
    }

    /** The single vertex of {@code graph}, subtask {@code subtaskIndex}, first attempt. */
    public static TestTaskEnvironment of(JobGraph graph, int subtaskIndex) {
        return of(graph, graph.vertices().get(0), subtaskIndex, 0, TestTaskEnvironment.class.getClassLoader());
    }

    @Override
    public String taskNameWithSubtask() {
        return vertexName + " (" + (subtaskIndex + 1) + "/" + parallelism + ")#" + attemptNumber;
    }
}
