package io.sluice.jobmaster;

import io.sluice.graph.JobGraph;
import io.sluice.graph.JobVertex;
import io.sluice.taskexecutor.ResourceId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The running form of a job graph: each job vertex fans out into parallel subtasks, each of which
 * has a current execution attempt. A restart replaces all current attempts with new ones, so reports
 * about old attempts no longer match and are ignored.
 */
final class ExecutionGraph {

    /** One parallel instance of a vertex. */
    static final class Subtask {
        final JobVertex vertex;
        final int index;
        Execution current;

        Subtask(JobVertex vertex, int index) {
            this.vertex = vertex;
            this.index = index;
        }
    }

    private final JobGraph jobGraph;
    private final List<Subtask> subtasks = new ArrayList<>();
    private final Map<ExecutionAttemptId, Subtask> byAttempt = new HashMap<>();

    ExecutionGraph(JobGraph jobGraph) {
        this.jobGraph = jobGraph;
        for (JobVertex v : jobGraph.vertices()) {
            for (int i = 0; i < v.parallelism(); i++) {
                subtasks.add(new Subtask(v, i));
            }
        }
        newAttempts();
    }

    /** Number of slots the job needs with slot sharing: subtask i of every vertex shares slot i. */
    int requiredSlots() {
        return jobGraph.vertices().stream().mapToInt(JobVertex::parallelism).max().orElse(0);
    }

    List<Subtask> subtasks() {
        return subtasks;
    }

    /** Subtask {@code index} of vertex {@code vertexId}. */
    Subtask subtask(String vertexId, int index) {
        for (Subtask s : subtasks) {
            if (s.index == index && s.vertex.id().equals(vertexId)) {
                return s;
            }
        }
        throw new IllegalArgumentException("vertex " + vertexId + " has no subtask " + index);
    }

    JobGraph jobGraph() {
        return jobGraph;
    }

    /** Starts a new attempt for every subtask. */
    void newAttempts() {
        byAttempt.clear();
        for (Subtask s : subtasks) {
            s.current = new Execution(s.current == null ? 0 : s.current.attemptNumber + 1);
            byAttempt.put(s.current.id, s);
        }
    }

    /** The subtask whose current attempt is {@code id}; null for unknown or superseded attempts. */
    Subtask subtaskOf(ExecutionAttemptId id) {
        return byAttempt.get(id);
    }

    boolean allInState(ExecutionState state) {
        return subtasks.stream().allMatch(s -> s.current.state == state);
    }

    boolean allTerminal() {
        return subtasks.stream().allMatch(s -> s.current.state.isTerminal());
    }

    List<Subtask> runningOn(ResourceId taskManager) {
        return subtasks.stream().filter(s -> taskManager.equals(s.current.taskManager) && !s.current.state.isTerminal())
                .toList();
    }

    JobDetails details(JobStatus status, long startTime, long endTime, int restarts) {
        Map<ExecutionState, Integer> perState = new EnumMap<>(ExecutionState.class);
        for (ExecutionState st : ExecutionState.values()) {
            perState.put(st, 0);
        }
        List<JobDetails.VertexDetails> vertices = new ArrayList<>();
        for (JobVertex v : jobGraph.vertices()) {
            List<JobDetails.SubtaskDetails> details = new ArrayList<>();
            for (Subtask s : subtasks) {
                if (s.vertex == v) {
                    Execution e = s.current;
                    perState.merge(e.state, 1, Integer::sum);
                    details.add(new JobDetails.SubtaskDetails(s.index, e.attemptNumber, e.state,
                            e.taskManager == null ? null : e.taskManager.value(), e.startTime, e.endTime));
                }
            }
            vertices.add(new JobDetails.VertexDetails(v.id(), v.name(), v.parallelism(), details));
        }
        return new JobDetails(jobGraph.jobId(), jobGraph.jobName(), status, startTime, endTime, restarts, vertices,
                perState);
    }
}
