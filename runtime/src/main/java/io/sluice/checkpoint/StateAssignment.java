package io.sluice.checkpoint;

import io.sluice.graph.JobGraph;
import io.sluice.graph.JobVertex;
import io.sluice.state.KeyGroupRange;
import io.sluice.state.KeyGroupRangeAssignment;
import io.sluice.state.OperatorListState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hands the state of a checkpoint to the subtasks of a job graph, by operator id: keyed state by key
 * group (every old handle whose key groups overlap a new instance's), list state as its distribution
 * says. With unchanged parallelism every instance gets exactly its own old state back.
 */
public final class StateAssignment {

    private StateAssignment() {
    }

    /**
     * @param allowNonRestoredState whether state of operators the job no longer has may be dropped
     * @return the restore of each subtask, by vertex id, indexed by subtask
     * @throws IllegalStateException when the checkpoint does not fit the job (what and why in the message)
     */
    public static Map<String, List<TaskRestore>> assign(CheckpointMetadata checkpoint, JobGraph job,
                                                        boolean allowNonRestoredState) {
        Set<String> unclaimed = new HashSet<>();
        checkpoint.operators().forEach(o -> unclaimed.add(o.operatorId()));
        Map<String, List<TaskRestore>> result = new HashMap<>();
        for (JobVertex vertex : job.vertices()) {
            List<Map<String, OperatorSubtaskState>> perSubtask = new ArrayList<>();
            for (int i = 0; i < vertex.parallelism(); i++) {
                perSubtask.add(new HashMap<>());
            }
            for (String operatorId : vertex.operatorIds()) {
                OperatorState old = checkpoint.operator(operatorId);
                if (old == null) {
                    continue;
                }
                unclaimed.remove(operatorId);
                for (int i = 0; i < vertex.parallelism(); i++) {
                    OperatorSubtaskState share = shareOf(old, vertex, i);
                    if (!share.isEmpty()) {
                        perSubtask.get(i).put(operatorId, share);
                    }
                }
            }
            List<TaskRestore> restores = new ArrayList<>();
            for (Map<String, OperatorSubtaskState> states : perSubtask) {
                restores.add(new TaskRestore(checkpoint.checkpointId(), new TaskStateSnapshot(states)));
            }
            result.put(vertex.id(), restores);
        }
        unclaimed.removeIf(id -> checkpoint.operator(id).size() == 0);
        if (!unclaimed.isEmpty() && !allowNonRestoredState) {
            throw new IllegalStateException("checkpoint " + checkpoint.checkpointId() + " has state of operator(s) "
                    + unclaimed + " that this job does not have (changed or missing uid()?); give those operators "
                    + "their old uid, or allow dropping the state with --allowNonRestoredState "
                    + "(execution.savepoint.ignore-unclaimed-state: true)");
        }
        return result;
    }

    private static OperatorSubtaskState shareOf(OperatorState old, JobVertex vertex, int index) {
        int parallelism = vertex.parallelism();
        List<KeyedStateHandle> keyed = new ArrayList<>();
        boolean hasKeyed = old.subtasks().stream().anyMatch(s -> !s.keyed().isEmpty());
        if (hasKeyed) {
            if (old.maxParallelism() != vertex.maxParallelism()) {
                throw new IllegalStateException("operator " + old.operatorId() + " was checkpointed with max parallelism "
                        + old.maxParallelism() + " but now has " + vertex.maxParallelism() + "; keyed state can only be "
                        + "restored with the same max parallelism (setMaxParallelism)");
            }
            KeyGroupRange mine = KeyGroupRangeAssignment.rangeForOperatorIndex(vertex.maxParallelism(), parallelism, index);
            for (OperatorSubtaskState s : old.subtasks()) {
                for (KeyedStateHandle h : s.keyed()) {
                    if (h.keyGroups().start() <= mine.end() && mine.start() <= h.keyGroups().end()) {
                        keyed.add(h);
                    }
                }
            }
        }
        Map<String, OperatorListState.Distribution> names = new java.util.LinkedHashMap<>();
        for (OperatorSubtaskState s : old.subtasks()) {
            s.lists().forEach(l -> names.putIfAbsent(l.name(), l.distribution()));
        }
        List<OperatorListState> lists = new ArrayList<>();
        for (Map.Entry<String, OperatorListState.Distribution> e : names.entrySet()) {
            List<byte[]> elements = new ArrayList<>();
            if (e.getValue() == OperatorListState.Distribution.SPLIT && old.parallelism() == parallelism) {
                OperatorListState own = old.subtasks().get(index).list(e.getKey());
                if (own != null) {
                    elements.addAll(own.elements());
                }
            } else {
                List<byte[]> all = new ArrayList<>();
                for (OperatorSubtaskState s : old.subtasks()) {
                    OperatorListState l = s.list(e.getKey());
                    if (l != null) {
                        all.addAll(l.elements());
                    }
                }
                if (e.getValue() == OperatorListState.Distribution.UNION) {
                    elements.addAll(all);
                } else {
                    // contiguous, near-equal parts: instance i takes elements [i*n/p, (i+1)*n/p)
                    int n = all.size();
                    elements.addAll(all.subList((int) ((long) index * n / parallelism),
                            (int) ((long) (index + 1) * n / parallelism)));
                }
            }
            lists.add(new OperatorListState(e.getKey(), e.getValue(), elements));
        }
        return new OperatorSubtaskState(keyed, lists);
    }
}
