package io.sluice.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KeyGroupRangeAssignmentTest {

    @Test
    void rangesCoverAllKeyGroupsOnceAndAgreeWithTheOperatorIndex() {
        for (int max : new int[] {1, 7, 128, 1000}) {
            for (int parallelism = 1; parallelism <= Math.min(max, 13); parallelism++) {
                int next = 0;
                for (int index = 0; index < parallelism; index++) {
                    KeyGroupRange range = KeyGroupRangeAssignment.rangeForOperatorIndex(max, parallelism, index);
                    assertEquals(next, range.start(), "ranges must be contiguous");
                    for (int group = range.start(); group <= range.end(); group++) {
                        assertEquals(index, KeyGroupRangeAssignment.operatorIndexForKeyGroup(max, parallelism, group));
                    }
                    next = range.end() + 1;
                }
                assertEquals(max, next, "ranges must cover every key group");
            }
        }
    }

    @Test
    void smallIntegerKeysSpreadOverKeyGroups() {
        int[] perInstance = new int[4];
        for (int key = 0; key < 10_000; key++) {
            perInstance[KeyGroupRangeAssignment.operatorIndexForKey(key, 128, 4)]++;
        }
        for (int count : perInstance) {
            assertTrue(count > 2000 && count < 3000, "uneven spread: " + java.util.Arrays.toString(perInstance));
        }
    }

    @Test
    void rejectsParallelismAboveMaxParallelismWithAHint() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KeyGroupRangeAssignment.rangeForOperatorIndex(4, 8, 0));
        assertTrue(e.getMessage().contains("setMaxParallelism"), e.getMessage());
    }
}
