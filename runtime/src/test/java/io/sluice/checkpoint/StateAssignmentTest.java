package io.sluice.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.common.JobId;
import io.sluice.graph.JobGraph;
import io.sluice.graph.JobVertex;
import io.sluice.state.KeyGroupRangeAssignment;
import io.sluice.state.OperatorListState.Distribution;
import io.sluice.state.OperatorListState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StateAssignmentTest {

    private static final int MAX = 128;
    private static final String OP = "op-counter";

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> strings(OperatorListState list) {
        return list == null ? List.of() : list.elements().stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
    }

    /** Old subtask i has keyed state, a split list of i+2 elements and a union list of one element. */
    private static CheckpointMetadata checkpoint(int oldParallelism, int maxParallelism, String operatorId) {
        List<OperatorSubtaskState> subtasks = new ArrayList<>();
        for (int i = 0; i < oldParallelism; i++) {
            List<byte[]> split = new ArrayList<>();
            for (int e = 0; e < i + 2; e++) {
                split.add(bytes("split-" + i + "." + e));
            }
            subtasks.add(new OperatorSubtaskState(
                    List.of(new KeyedStateHandle(KeyGroupRangeAssignment.rangeForOperatorIndex(maxParallelism,
                            oldParallelism, i), new StateHandle.Inline(bytes("keyed-" + i)))),
                    List.of(new OperatorListState("offsets", Distribution.SPLIT, split),
                            new OperatorListState("config", Distribution.UNION, List.of(bytes("union-" + i))))));
        }
        return new CheckpointMetadata("job", 7, 1, 2, null,
                List.of(new OperatorState(operatorId, oldParallelism, maxParallelism, subtasks)));
    }

    private static JobGraph job(int parallelism, int maxParallelism, String... operatorIds) {
        return new JobGraph(JobId.generate(), "job", List.of(new JobVertex("v1", "Counter", parallelism, maxParallelism,
                "io.sluice.streaming.StreamTask", new byte[0], List.of(operatorIds))), List.of(), Map.of());
    }

    private static OperatorSubtaskState stateOf(Map<String, List<TaskRestore>> restores, int subtask) {
        TaskRestore restore = restores.get("v1").get(subtask);
        assertEquals(7, restore.checkpointId());
        return restore.state().of(OP);
    }

    private static List<String> keyedNames(OperatorSubtaskState s) {
        return s.keyed().stream().map(k -> new String(((StateHandle.Inline) k.data()).data(), StandardCharsets.UTF_8))
                .toList();
    }

    @Test
    void sameParallelismGivesEverySubtaskItsOwnState() {
        Map<String, List<TaskRestore>> restores = StateAssignment.assign(checkpoint(3, MAX, OP), job(3, MAX, OP), false);
        assertEquals(3, restores.get("v1").size());
        for (int i = 0; i < 3; i++) {
            OperatorSubtaskState s = stateOf(restores, i);
            assertEquals(List.of("keyed-" + i), keyedNames(s));
            assertEquals(KeyGroupRangeAssignment.rangeForOperatorIndex(MAX, 3, i), s.keyed().get(0).keyGroups());
            List<String> ownSplit = new ArrayList<>();
            for (int e = 0; e < i + 2; e++) {
                ownSplit.add("split-" + i + "." + e);
            }
            assertEquals(ownSplit, strings(s.list("offsets")));
            assertEquals(List.of("union-0", "union-1", "union-2"), strings(s.list("config")));
        }
    }

    @Test
    void scaleOutSplitsSplitListsUnionsUnionListsAndHandsKeyedStateByOverlap() {
        int oldP = 2;
        int newP = 3;
        Map<String, List<TaskRestore>> restores = StateAssignment.assign(checkpoint(oldP, MAX, OP), job(newP, MAX, OP),
                false);

        List<String> allSplit = List.of("split-0.0", "split-0.1", "split-1.0", "split-1.1", "split-1.2");
        List<String> handedOut = new ArrayList<>();
        for (int i = 0; i < newP; i++) {
            OperatorSubtaskState s = stateOf(restores, i);
            // independently: the old instances that owned at least one key group this instance now owns
            Set<String> expected = new HashSet<>();
            for (int group = 0; group < MAX; group++) {
                if (KeyGroupRangeAssignment.operatorIndexForKeyGroup(MAX, newP, group) == i) {
                    expected.add("keyed-" + KeyGroupRangeAssignment.operatorIndexForKeyGroup(MAX, oldP, group));
                }
            }
            assertEquals(expected, Set.copyOf(keyedNames(s)), "keyed handles of subtask " + i);
            assertEquals(expected.size(), s.keyed().size(), "no handle twice");

            List<String> split = strings(s.list("offsets"));
            assertTrue(split.size() == allSplit.size() / newP || split.size() == allSplit.size() / newP + 1,
                    "near-equal shares: " + split);
            handedOut.addAll(split);
            assertEquals(List.of("union-0", "union-1"), strings(s.list("config")), "every instance gets the whole union");
        }
        assertEquals(allSplit, handedOut, "every split element exactly once, in order");
    }

    @Test
    void scaleInGivesOneSubtaskEverything() {
        Map<String, List<TaskRestore>> restores = StateAssignment.assign(checkpoint(3, MAX, OP), job(1, MAX, OP), false);
        OperatorSubtaskState s = stateOf(restores, 0);
        assertEquals(List.of("keyed-0", "keyed-1", "keyed-2"), keyedNames(s));
        assertEquals(List.of("split-0.0", "split-0.1", "split-1.0", "split-1.1", "split-1.2", "split-2.0", "split-2.1",
                "split-2.2", "split-2.3"), strings(s.list("offsets")));
    }

    @Test
    void stateOfAnOperatorTheJobNoLongerHasFailsNamingItUnlessAllowed() {
        CheckpointMetadata checkpoint = checkpoint(2, MAX, "op-removed");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> StateAssignment.assign(checkpoint, job(2, MAX, OP), false));
        assertTrue(e.getMessage().contains("checkpoint 7 has state of operator(s) [op-removed]"), e.getMessage());
        assertTrue(e.getMessage().contains("--allowNonRestoredState"), e.getMessage());

        Map<String, List<TaskRestore>> dropped = StateAssignment.assign(checkpoint, job(2, MAX, OP), true);
        for (TaskRestore r : dropped.get("v1")) {
            assertTrue(r.state().operators().isEmpty(), "the unclaimed state goes nowhere");
        }
    }

    @Test
    void operatorWhoseStateIsEmptyNeedsNoClaimant() {
        CheckpointMetadata checkpoint = new CheckpointMetadata("job", 7, 1, 2, null, List.of(new OperatorState("op-empty", 1,
                MAX, List.of(new OperatorSubtaskState(List.of(), List.of(
                        new OperatorListState("nothing", Distribution.SPLIT, List.of())))))));
        StateAssignment.assign(checkpoint, job(1, MAX, OP), false);
    }

    @Test
    void changedMaxParallelismOfKeyedStateIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> StateAssignment.assign(checkpoint(2, MAX, OP), job(2, 256, OP), false));
        assertEquals("operator " + OP + " was checkpointed with max parallelism 128 but now has 256; keyed state can only "
                + "be restored with the same max parallelism (setMaxParallelism)", e.getMessage());
    }
}
