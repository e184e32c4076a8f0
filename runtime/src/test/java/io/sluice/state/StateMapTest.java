package io.sluice.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The copy-on-write map alone: whatever the task does after a freeze (updates, removals in the
 * middle of collision chains, growth of the table, changes of values in place), the frozen bucket
 * array still holds exactly the entries and values of the freeze, and the live map is right.
 */
class StateMapTest {

    /** A key whose hash code puts many keys in one chain. */
    record Colliding(int id) {
        @Override
        public int hashCode() {
            return id % 3;
        }
    }

    private static final UnaryOperator<Object> COPY_LIST = v -> v instanceof List<?> l ? new ArrayList<>(l) : v;

    private static Map<Object, Object> contents(StateMap.Entry[] buckets) {
        Map<Object, Object> map = new HashMap<>();
        if (buckets != null) {
            for (StateMap.Entry head : buckets) {
                for (StateMap.Entry e = head; e != null; e = e.next) {
                    Object previous = map.put(e.key, e.value instanceof List<?> l ? List.copyOf(l) : e.value);
                    assertNull(previous, "each key once: " + e.key);
                }
            }
        }
        return map;
    }

    @Test
    void frozenBucketsKeepTheFreezeWhateverTheTaskDoes() {
        Random random = new Random(3);
        StateMap.Versions versions = new StateMap.Versions();
        StateMap map = new StateMap(versions);
        Map<Object, Object> model = new HashMap<>();
        for (int round = 0; round < 50; round++) {
            Map<Object, Object> expectedFrozen = new HashMap<>();
            model.forEach((k, v) -> expectedFrozen.put(k, v instanceof List<?> l ? List.copyOf(l) : v));
            versions.freeze();
            StateMap.Entry[] frozen = map.freezeBuckets();
            for (int step = 0; step < 300; step++) {
                Colliding key = new Colliding(random.nextInt(60));
                int op = random.nextInt(4);
                if (op == 0) {
                    map.put(key, random.nextInt(1000));
                    model.put(key, map.get(key, COPY_LIST));
                } else if (op == 1) {
                    map.remove(key);
                    model.remove(key);
                } else {
                    // a list value changed in place, as list state does: on a copy if the freeze can see it
                    @SuppressWarnings("unchecked")
                    List<Object> list = map.get(key, COPY_LIST) instanceof List<?> l ? (List<Object>) l : null;
                    if (list == null) {
                        list = new ArrayList<>();
                        map.put(key, list);
                    }
                    list.add(step);
                    model.put(key, list);
                }
            }
            assertEquals(expectedFrozen, contents(frozen), "round " + round + ": the frozen buckets");
            assertEquals(model.size(), map.size(), "round " + round + ": live size");
            for (Map.Entry<Object, Object> entry : model.entrySet()) {
                // values not touched since the freeze come back as copies: equal, and the ones to change from now on
                Object live = map.get(entry.getKey(), COPY_LIST);
                assertEquals(entry.getValue(), live, "live value of " + entry.getKey());
                entry.setValue(live);
            }
            if (random.nextBoolean()) {
                versions.highestRequired = 0; // the writer finished: changes in place again
            }
        }
    }

    @Test
    void withoutASnapshotNothingIsCopied() {
        StateMap.Versions versions = new StateMap.Versions();
        StateMap map = new StateMap(versions);
        List<Object> list = new ArrayList<>();
        map.put("k", list);
        assertSame(list, map.get("k", v -> {
            throw new AssertionError("copied without a snapshot");
        }));
        versions.freeze();
        Object copy = map.get("k", COPY_LIST);
        assertEquals(list, copy);
        assertSame(copy, map.get("k", v -> {
            throw new AssertionError("copied twice for one snapshot");
        }));
    }
}
