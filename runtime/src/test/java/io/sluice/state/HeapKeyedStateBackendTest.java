package io.sluice.state;

import io.sluice.api.state.ValueState;
import io.sluice.api.state.ListState;
import io.sluice.api.state.MapState;
import io.sluice.api.state.ReducingState;
import io.sluice.api.state.AggregatingState;
import io.sluice.api.state.ValueStateDescriptor;
import io.sluice.api.state.ListStateDescriptor;
import io.sluice.api.state.MapStateDescriptor;
import io.sluice.api.state.ReducingStateDescriptor;
import io.sluice.api.state.AggregatingStateDescriptor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.functions.AggregateFunction;
import io.sluice.api.tuple.Tuple2;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeapKeyedStateBackendTest {

    private static final int MAX = 128;

    private static HeapKeyedStateBackend<String> backend(int parallelism, int index) {
        return new HeapKeyedStateBackend<>(MAX, KeyGroupRangeAssignment.rangeForOperatorIndex(MAX, parallelism, index),
                HeapKeyedStateBackendTest.class.getClassLoader());
    }

    /** Average as (sum, count); merge adds both. */
    static final class Average implements AggregateFunction<Long, Tuple2<Long, Long>, Double> {
        @Override
        public Tuple2<Long, Long> createAccumulator() {
            return Tuple2.of(0L, 0L);
        }

        @Override
        public Tuple2<Long, Long> add(Long value, Tuple2<Long, Long> acc) {
            return Tuple2.of(acc.f0() + value, acc.f1() + 1);
        }

        @Override
        public Double getResult(Tuple2<Long, Long> acc) {
            return (double) acc.f0() / acc.f1();
        }

        @Override
        public Tuple2<Long, Long> merge(Tuple2<Long, Long> a, Tuple2<Long, Long> b) {
            return Tuple2.of(a.f0() + b.f0(), a.f1() + b.f1());
        }
    }

    @Test
    void valueStateIsScopedToTheCurrentKey() {
        HeapKeyedStateBackend<String> backend = backend(1, 0);
        ValueState<Long> count = backend.getState(new ValueStateDescriptor<>("count", Long.class));
        backend.setCurrentKey("a");
        assertNull(count.value());
        count.update(1L);
        backend.setCurrentKey("b");
        assertNull(count.value());
        count.update(10L);
        backend.setCurrentKey("a");
        assertEquals(1L, count.value());
        count.clear();
        assertNull(count.value());
        backend.setCurrentKey("b");
        assertEquals(10L, count.value());
        count.update(null);
        assertNull(count.value());
        assertEquals(0, backend.numberOfEntries("count"));
    }

    @Test
    void listMapReducingAndAggregatingState() {
        HeapKeyedStateBackend<String> backend = backend(1, 0);
        ListState<String> list = backend.getState(new ListStateDescriptor<>("list", String.class));
        MapState<String, Integer> map = backend.getState(new MapStateDescriptor<>("map", String.class, Integer.class));
        ReducingState<Long> sum = backend.getState(new ReducingStateDescriptor<>("sum", Long::sum, Long.class));
        AggregatingState<Long, Double> avg = backend.getState(new AggregatingStateDescriptor<>("avg", new Average()));

        backend.setCurrentKey("k1");
        assertFalse(list.get().iterator().hasNext());
        list.add("x");
        list.addAll(List.of("y", "z"));
        map.put("one", 1);
        map.put("two", 2);
        sum.add(3L);
        sum.add(4L);
        avg.add(2L);
        avg.add(4L);

        backend.setCurrentKey("k2");
        list.update(List.of("only"));
        assertTrue(map.isEmpty());
        assertNull(sum.get());
        assertNull(avg.get());

        backend.setCurrentKey("k1");
        assertEquals(List.of("x", "y", "z"), toList(list.get()));
        assertEquals(2, map.get("two"));
        assertTrue(map.contains("one"));
        map.remove("one");
        assertFalse(map.contains("one"));
        assertEquals(List.of("two"), toList(map.keys()));
        assertEquals(7L, sum.get());
        assertEquals(3.0, avg.get());
        backend.setCurrentKey("k2");
        assertEquals(List.of("only"), toList(list.get()));
    }

    @Test
    void sameNameWithAnotherKindIsRejected() {
        HeapKeyedStateBackend<String> backend = backend(1, 0);
        backend.getState(new ValueStateDescriptor<Long>("s"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> backend.getState(new ListStateDescriptor<Long>("s")));
        assertTrue(e.getMessage().contains("'s' is already a value state"), e.getMessage());
    }

    @Test
    void keyOfAnotherInstanceIsRejectedWithAHint() {
        HeapKeyedStateBackend<String> backend = backend(2, 0);
        String foreign = "a";
        int i = 0;
        while (KeyGroupRangeAssignment.operatorIndexForKey(foreign, MAX, 2) == 0) {
            foreign = "key" + i++;
        }
        String key = foreign;
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> backend.setCurrentKey(key));
        assertTrue(e.getMessage().contains("keyBy"), e.getMessage());
    }

    @Test
    @SuppressWarnings("unchecked")
    void namespacesSeparateWindowsAndMergeCombinesThem() throws Exception {
        HeapKeyedStateBackend<String> backend = backend(1, 0);
        ReducingState<Long> sum = backend.getNamespacedState(new ReducingStateDescriptor<>("sum", Long::sum));
        InternalKvState<String> kv = (InternalKvState<String>) sum;
        ListState<Long> list = backend.getNamespacedState(new ListStateDescriptor<>("list"));
        InternalKvState<String> listKv = (InternalKvState<String>) list;
        backend.setCurrentKey("k");
        for (String ns : List.of("w1", "w2", "w3")) {
            kv.setCurrentNamespace(ns);
            sum.add((long) ns.charAt(1) - '0');
            listKv.setCurrentNamespace(ns);
            list.add((long) ns.charAt(1) - '0');
        }
        kv.mergeNamespaces("w3", List.of("w1", "w2"));
        kv.setCurrentNamespace("w3");
        assertEquals(6L, sum.get());
        kv.setCurrentNamespace("w1");
        assertNull(sum.get());
        listKv.mergeNamespaces("merged", List.of("w1", "w2", "w3"));
        listKv.setCurrentNamespace("merged");
        assertEquals(List.of(1L, 2L, 3L), toList(list.get()));
        assertEquals(1, backend.numberOfEntries("list"));
    }

    @Test
    void snapshotRoundTripKeepsEveryStateAndKey() throws IOException {
        HeapKeyedStateBackend<String> original = backend(1, 0);
        fill(original, 500);
        byte[] snapshot = snapshot(original);

        HeapKeyedStateBackend<String> restored = backend(1, 0);
        assertTrue(restored.restore(new ByteArrayInputStream(snapshot)) > 0);
        assertEquals(expected(500), read(restored, 500));
        assertEquals(500, restored.numberOfEntries("count"));
    }

    @Test
    void keyGroupsAreRedistributedWhenParallelismChanges() throws IOException {
        // scale out 1 -> 3: every new instance takes exactly the keys it owns
        HeapKeyedStateBackend<String> single = backend(1, 0);
        fill(single, 300);
        byte[] snapshot = snapshot(single);
        Map<String, String> union = new HashMap<>();
        List<byte[]> scaledOut = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            HeapKeyedStateBackend<String> part = backend(3, i);
            part.restore(new ByteArrayInputStream(snapshot));
            long owned = 0;
            for (int k = 0; k < 300; k++) {
                if (KeyGroupRangeAssignment.operatorIndexForKey("key" + k, MAX, 3) == i) {
                    owned++;
                    part.setCurrentKey("key" + k);
                    union.put("key" + k, describe(part));
                }
            }
            assertEquals(owned, part.numberOfEntries("count"), "instance " + i + " holds only its own keys");
            scaledOut.add(snapshot(part));
        }
        assertEquals(expected(300), union);

        // scale in 3 -> 2: each instance reads all three snapshots and keeps its groups
        Map<String, String> merged = new HashMap<>();
        for (int i = 0; i < 2; i++) {
            HeapKeyedStateBackend<String> part = backend(2, i);
            for (byte[] s : scaledOut) {
                part.restore(new ByteArrayInputStream(s));
            }
            merged.putAll(read(part, 300, 2, i));
        }
        assertEquals(expected(300), merged);
    }

    @Test
    void restoreWithAnotherMaxParallelismFailsClearly() throws IOException {
        byte[] snapshot = snapshot(backend(1, 0));
        HeapKeyedStateBackend<String> other = new HeapKeyedStateBackend<>(64, new KeyGroupRange(0, 63), getClass().getClassLoader());
        IOException e = assertThrows(IOException.class, () -> other.restore(new ByteArrayInputStream(snapshot)));
        assertTrue(e.getMessage().contains("max parallelism 128"), e.getMessage());
    }

    private static void fill(HeapKeyedStateBackend<String> backend, int keys) {
        ValueState<Long> count = backend.getState(new ValueStateDescriptor<>("count"));
        ListState<String> list = backend.getState(new ListStateDescriptor<>("list"));
        MapState<String, Long> map = backend.getState(new MapStateDescriptor<>("map"));
        AggregatingState<Long, Double> avg = backend.getState(new AggregatingStateDescriptor<>("avg", new Average()));
        ReducingState<Long> window = backend.getNamespacedState(new ReducingStateDescriptor<>("window", Long::sum));
        @SuppressWarnings("unchecked")
        InternalKvState<Long> windowKv = (InternalKvState<Long>) window;
        for (int k = 0; k < keys; k++) {
            backend.setCurrentKey("key" + k);
            count.update((long) k);
            list.add("a" + k);
            list.add("b" + k);
            map.put("m", (long) k * 2);
            avg.add((long) k);
            avg.add((long) k + 2);
            windowKv.setCurrentNamespace((long) k % 3);
            window.add(5L);
        }
    }

    private static String describe(HeapKeyedStateBackend<String> backend) {
        ValueState<Long> count = backend.getState(new ValueStateDescriptor<>("count"));
        ListState<String> list = backend.getState(new ListStateDescriptor<>("list"));
        MapState<String, Long> map = backend.getState(new MapStateDescriptor<>("map"));
        AggregatingState<Long, Double> avg = backend.getState(new AggregatingStateDescriptor<>("avg", new Average()));
        ReducingState<Long> window = backend.getNamespacedState(new ReducingStateDescriptor<>("window", Long::sum));
        @SuppressWarnings("unchecked")
        InternalKvState<Long> windowKv = (InternalKvState<Long>) window;
        windowKv.setCurrentNamespace(count.value() == null ? 0L : count.value() % 3);
        return count.value() + "|" + toList(list.get()) + "|" + map.get("m") + "|" + avg.get() + "|" + window.get();
    }

    private static Map<String, String> expected(int keys) {
        Map<String, String> expected = new HashMap<>();
        for (int k = 0; k < keys; k++) {
            expected.put("key" + k, k + "|[a" + k + ", b" + k + "]|" + (k * 2L) + "|" + (k + 1.0) + "|5");
        }
        return expected;
    }

    private static Map<String, String> read(HeapKeyedStateBackend<String> backend, int keys) {
        return read(backend, keys, 1, 0);
    }

    private static Map<String, String> read(HeapKeyedStateBackend<String> backend, int keys, int parallelism, int index) {
        Map<String, String> result = new HashMap<>();
        for (int k = 0; k < keys; k++) {
            if (KeyGroupRangeAssignment.operatorIndexForKey("key" + k, MAX, parallelism) == index) {
                backend.setCurrentKey("key" + k);
                result.put("key" + k, describe(backend));
            }
        }
        return result;
    }

    private static byte[] snapshot(HeapKeyedStateBackend<String> backend) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        backend.snapshot(out);
        return out.toByteArray();
    }

    private static <T> List<T> toList(Iterable<T> iterable) {
        List<T> list = new ArrayList<>();
        iterable.forEach(list::add);
        return list;
    }
}
