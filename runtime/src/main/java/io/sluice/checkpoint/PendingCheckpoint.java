package io.sluice.checkpoint;

import io.sluice.common.ExecutionAttemptId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A checkpoint whose barriers are on their way: which tasks still owe their acknowledgement, and the
 * state handles and metrics of those that sent it. Used on the JobMaster's thread only.
 */
final class PendingCheckpoint {

    final long id;
    final long triggerTimestamp;
    final String location;
    final CheckpointPlan plan;
    final CompletableFuture<Long> completion = new CompletableFuture<>();
    private final Map<ExecutionAttemptId, CheckpointPlan.Task> notYetAcknowledged;
    private final Map<CheckpointPlan.Task, TaskStateSnapshot> states = new HashMap<>();
    private final Map<CheckpointPlan.Task, CheckpointMetrics> metrics = new HashMap<>();
    private long latestAckTimestamp;

    PendingCheckpoint(long id, long triggerTimestamp, String location, CheckpointPlan plan) {
        this.id = id;
        this.triggerTimestamp = triggerTimestamp;
        this.location = location;
        this.plan = plan;
        this.notYetAcknowledged = new HashMap<>(plan.tasks());
    }

    enum AckResult { ACCEPTED, DUPLICATE_OR_UNKNOWN }

    AckResult acknowledge(ExecutionAttemptId attempt, TaskStateSnapshot state, CheckpointMetrics m, long now) {
        CheckpointPlan.Task task = notYetAcknowledged.remove(attempt);
        if (task == null) {
            return AckResult.DUPLICATE_OR_UNKNOWN;
        }
        states.put(task, state);
        metrics.put(task, m);
        latestAckTimestamp = now;
        return AckResult.ACCEPTED;
    }

    boolean isFullyAcknowledged() {
        return notYetAcknowledged.isEmpty();
    }

    boolean expects(ExecutionAttemptId attempt) {
        return plan.tasks().containsKey(attempt);
    }

    /** The checkpoint's metadata: every operator of every vertex, its subtasks' states in subtask order. */
    CheckpointMetadata toMetadata(String jobId, long completionTimestamp) {
        Map<String, List<CheckpointPlan.Task>> byVertex = new LinkedHashMap<>();
        plan.tasks().values().stream()
                .sorted(java.util.Comparator.comparing(CheckpointPlan.Task::vertexId).thenComparingInt(CheckpointPlan.Task::subtaskIndex))
                .forEach(t -> byVertex.computeIfAbsent(t.vertexId(), v -> new ArrayList<>()).add(t));
        List<OperatorState> operators = new ArrayList<>();
        for (List<CheckpointPlan.Task> subtasks : byVertex.values()) {
            CheckpointPlan.Task first = subtasks.get(0);
            for (String operatorId : first.operatorIds()) {
                List<OperatorSubtaskState> perSubtask = new ArrayList<>();
                boolean any = false;
                for (CheckpointPlan.Task t : subtasks) {
                    OperatorSubtaskState s = states.get(t).of(operatorId);
                    any |= !s.isEmpty();
                    perSubtask.add(s);
                }
                if (any) {
                    operators.add(new OperatorState(operatorId, first.parallelism(), first.maxParallelism(), perSubtask));
                }
            }
        }
        return new CheckpointMetadata(jobId, id, triggerTimestamp, completionTimestamp, location, operators);
    }

    /** For statistics: the state and metrics per vertex so far. */
    List<CheckpointStatsSnapshot.VertexEntry> vertexEntries() {
        Map<String, List<CheckpointPlan.Task>> byVertex = new LinkedHashMap<>();
        plan.tasks().values().stream().sorted(java.util.Comparator.comparing(CheckpointPlan.Task::vertexId))
                .forEach(t -> byVertex.computeIfAbsent(t.vertexId(), v -> new ArrayList<>()).add(t));
        List<CheckpointStatsSnapshot.VertexEntry> entries = new ArrayList<>();
        for (List<CheckpointPlan.Task> subtasks : byVertex.values()) {
            int acked = 0;
            long size = 0;
            long sync = 0;
            long async = 0;
            long alignment = 0;
            for (CheckpointPlan.Task t : subtasks) {
                CheckpointMetrics m = metrics.get(t);
                if (m != null) {
                    acked++;
                    size += m.bytes();
                    sync = Math.max(sync, m.syncMillis());
                    async = Math.max(async, m.asyncMillis());
                    alignment = Math.max(alignment, m.alignmentMillis());
                }
            }
            CheckpointPlan.Task first = subtasks.get(0);
            entries.add(new CheckpointStatsSnapshot.VertexEntry(first.vertexId(), first.vertexName(), subtasks.size(),
                    acked, size, sync, async, alignment, latestAckTimestamp));
        }
        return entries;
    }

    int numberOfAcknowledged() {
        return plan.tasks().size() - notYetAcknowledged.size();
    }

    long stateSize() {
        return metrics.values().stream().mapToLong(CheckpointMetrics::bytes).sum();
    }

    long latestAckTimestamp() {
        return latestAckTimestamp;
    }
}
