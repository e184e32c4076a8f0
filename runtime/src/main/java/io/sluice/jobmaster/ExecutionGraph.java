package io.sluice.jobmaster;

import io.sluice.common.ExecutionAttemptId;
import io.sluice.common.ExecutionState;
import io.sluice.common.JobStatus;
import io.sluice.common.ResourceId;
import io.sluice.graph.JobGraph;
import io.sluice.graph.JobVertex;
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

        /** "name (index+1/parallelism)", for messages. */
        String describe() {
            return vertex.name() + " (" + (index + 1) + "/" + vertex.parallelism() + ")";
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

    /**
     * Who takes part in a checkpoint now: the current attempts, sources being those of vertices
     * without inputs; null (with {@code reason} set) when some attempt is not RUNNING.
     */
    io.sluice.checkpoint.CheckpointPlan checkpointPlan(StringBuilder reason) {
        java.util.Set<String> withInputs = new java.util.HashSet<>();
        jobGraph.edges().forEach(e -> withInputs.add(e.targetVertexId()));
        List<ExecutionAttemptId> sources = new ArrayList<>();
        Map<ExecutionAttemptId, io.sluice.checkpoint.CheckpointPlan.Task> tasks = new HashMap<>();
        for (Subtask s : subtasks) {
            if (s.current.state != ExecutionState.RUNNING) {
                reason.append("task ").append(s.describe()).append(" is ").append(s.current.state);
                return null;
            }
            if (!withInputs.contains(s.vertex.id())) {
                sources.add(s.current.id);
            }
            tasks.put(s.current.id, new io.sluice.checkpoint.CheckpointPlan.Task(s.vertex.id(), s.vertex.name(),
                    s.index, s.vertex.parallelism(), s.vertex.maxParallelism(), s.vertex.operatorIds()));
        }
        return new io.sluice.checkpoint.CheckpointPlan(sources, tasks);
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
