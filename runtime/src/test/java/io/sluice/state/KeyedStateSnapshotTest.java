package io.sluice.state;

import io.sluice.api.state.State;
import io.sluice.api.state.ValueState;
import io.sluice.api.state.ListState;
import io.sluice.api.state.MapState;
import io.sluice.api.state.ValueStateDescriptor;
import io.sluice.api.state.ListStateDescriptor;
import io.sluice.api.state.MapStateDescriptor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.state.timers.HeapInternalTimerService;
import io.sluice.state.timers.InternalTimer;
import io.sluice.state.timers.Triggerable;
import io.sluice.streaming.ManualProcessingTimeService;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The asynchronous keyed snapshot: what another thread writes is the state at the freeze, while the
 * task thread goes on changing values, adding keys and firing timers. The test keeps its own model
 * of the state (plain maps, changed alongside the backend), copies it at the freeze, and compares
 * the restored snapshot with that copy.
 */
@Timeout(120)
class KeyedStateSnapshotTest {

    private static final int MAX = 128;
    private static final String TIMERS = "timers";

    private static HeapKeyedStateBackend<String> backend(int parallelism, int index) {
        return new HeapKeyedStateBackend<>(MAX, KeyGroupRangeAssignment.rangeForOperatorIndex(MAX, parallelism, index),
                KeyedStateSnapshotTest.class.getClassLoader());
    }

    private static final ValueStateDescriptor<Long> COUNT = new ValueStateDescriptor<>("count", Long.class);
    private static final ListStateDescriptor<String> SEEN = new ListStateDescriptor<>("seen", String.class);
    private static final MapStateDescriptor<String, Integer> TAGS =
            new MapStateDescriptor<>("tags", String.class, Integer.class);

    /** A timer as the model keeps it. */
    record Timer(long timestamp, String key) {}

    /** The state the test expects, kept by the test alone; {@link #copy()} is what it expects at a freeze. */
    static final class Model {
        final Map<String, Long> count = new HashMap<>();
        final Map<String, List<String>> seen = new HashMap<>();
        final Map<String, Map<String, Integer>> tags = new HashMap<>();
        final Set<Timer> eventTimers = new HashSet<>();
        final Set<Timer> processingTimers = new HashSet<>();

        Model copy() {
            Model m = new Model();
            m.count.putAll(count);
            seen.forEach((k, v) -> m.seen.put(k, new ArrayList<>(v)));
            tags.forEach((k, v) -> m.tags.put(k, new HashMap<>(v)));
            m.eventTimers.addAll(eventTimers);
            m.processingTimers.addAll(processingTimers);
            return m;
        }

        Set<String> keys() {
            Set<String> keys = new HashSet<>(count.keySet());
            keys.addAll(seen.keySet());
            keys.addAll(tags.keySet());
            return keys;
        }
    }

    /** The operator's side: a backend, its timer service, and the model changed in step with it. */
    static final class Task implements Triggerable<String, String> {
        final HeapKeyedStateBackend<String> backend;
        final ManualProcessingTimeService time = new ManualProcessingTimeService();
        final HeapInternalTimerService<String, String> timers;
        final ValueState<Long> count;
        final ListState<String> seen;
        final MapState<String, Integer> tags;
        final Model model = new Model();
        final Random random;
        long watermark;

        Task(HeapKeyedStateBackend<String> backend, long seed) {
            this.backend = backend;
            this.timers = new HeapInternalTimerService<>(TIMERS, backend, time, this);
            this.count = backend.getState(COUNT);
            this.seen = backend.getState(SEEN);
            this.tags = backend.getState(TAGS);
            this.random = new Random(seed);
        }

        /** A key this instance owns: keys of other instances are skipped. */
        String key(int i) {
            return "key-" + i;
        }

        boolean owns(String key) {
            return backend.getKeyGroupRange().contains(KeyGroupRangeAssignment.assignToKeyGroup(key, MAX));
        }

        /** One of 1000 keys (of those this instance owns): keys come and go as their state is cleared. */
        String pickKey() {
            while (true) {
                String key = key(random.nextInt(1_000));
                if (owns(key)) {
                    return key;
                }
            }
        }

        void increment(String key) {
            backend.setCurrentKey(key);
            Long c = count.value();
            count.update(c == null ? 1 : c + 1);
            model.count.merge(key, 1L, Long::sum);
        }

        /** One random step of record processing or time passing, on the task thread. */
        void step() throws Exception {
            int op = random.nextInt(100);
            if (op < 35) {
                increment(pickKey());
            } else if (op < 55) {
                String key = pickKey();
                backend.setCurrentKey(key);
                String v = "v" + random.nextInt(1000);
                seen.add(v);
                model.seen.computeIfAbsent(key, k -> new ArrayList<>()).add(v);
            } else if (op < 65) {
                String key = pickKey();
                backend.setCurrentKey(key);
                String tag = "t" + random.nextInt(5);
                int v = random.nextInt(100);
                tags.put(tag, v);
                model.tags.computeIfAbsent(key, k -> new HashMap<>()).put(tag, v);
            } else if (op < 70) {
                String key = pickKey();
                backend.setCurrentKey(key);
                count.clear();
                seen.clear();
                model.count.remove(key);
                model.seen.remove(key);
            } else if (op < 80) {
                String key = pickKey();
                backend.setCurrentKey(key);
                long ts = watermark + 1 + random.nextInt(50);
                timers.registerEventTimeTimer("w", ts);
                model.eventTimers.add(new Timer(ts, key));
            } else if (op < 86) {
                String key = pickKey();
                backend.setCurrentKey(key);
                long ts = time.getCurrentProcessingTime() + 1 + random.nextInt(50);
                timers.registerProcessingTimeTimer("w", ts);
                model.processingTimers.add(new Timer(ts, key));
            } else if (op < 90 && !model.eventTimers.isEmpty()) {
                Timer t = model.eventTimers.iterator().next();
                backend.setCurrentKey(t.key());
                timers.deleteEventTimeTimer("w", t.timestamp());
                model.eventTimers.remove(t);
            } else if (op < 95) {
                watermark += random.nextInt(10);
                timers.advanceWatermark(watermark); // fires timers: they change state of their keys
            } else {
                time.advanceTo(time.getCurrentProcessingTime() + random.nextInt(10));
            }
        }

        @Override
        public void onEventTime(InternalTimer<String, String> timer) {
            assertTrue(model.eventTimers.remove(new Timer(timer.getTimestamp(), timer.getKey())), "fired once: " + timer);
            fired(timer);
        }

        @Override
        public void onProcessingTime(InternalTimer<String, String> timer) {
            assertTrue(model.processingTimers.remove(new Timer(timer.getTimestamp(), timer.getKey())), "fired once: " + timer);
            fired(timer);
        }

        private void fired(InternalTimer<String, String> timer) {
            assertEquals(timer.getKey(), backend.getCurrentKey(), "the timer's key is current");
            increment(timer.getKey());
        }
    }

    /** Reads everything of {@code backend} for the keys of {@code expected} and compares; also the entry counts. */
    private static void assertHolds(Model expected, HeapKeyedStateBackend<String> backend, String what) {
        ValueState<Long> count = backend.getState(COUNT);
        ListState<String> seen = backend.getState(SEEN);
        MapState<String, Integer> tags = backend.getState(TAGS);
        for (String key : expected.keys()) {
            backend.setCurrentKey(key);
            assertEquals(expected.count.get(key), count.value(), what + ": count of " + key);
            List<String> list = new ArrayList<>();
            seen.get().forEach(list::add);
            assertEquals(expected.seen.getOrDefault(key, List.of()), list, what + ": list of " + key);
            Map<String, Integer> map = new HashMap<>();
            tags.entries().forEach(e -> map.put(e.getKey(), e.getValue()));
            assertEquals(expected.tags.getOrDefault(key, Map.of()), map, what + ": map of " + key);
        }
        assertEquals(expected.count.size(), backend.numberOfEntries("count"), what + ": no other counts");
        assertEquals(expected.seen.size(), backend.numberOfEntries("seen"), what + ": no other lists");
        assertEquals(expected.tags.size(), backend.numberOfEntries("tags"), what + ": no other maps");
        assertEquals(expected.eventTimers, timersOf(backend, TIMERS + "/event-time"), what + ": event-time timers");
        assertEquals(expected.processingTimers, timersOf(backend, TIMERS + "/processing-time"),
                what + ": processing-time timers");
    }

    private static Set<Timer> timersOf(HeapKeyedStateBackend<String> backend, String queue) {
        Set<Timer> result = new HashSet<>();
        for (InternalTimer<String, Object> t : backend.<Object>getTimerQueue(queue).timers()) {
            result.add(new Timer(t.getTimestamp(), t.getKey()));
        }
        return result;
    }

    private static HeapKeyedStateBackend<String> restore(byte[] snapshot, int parallelism, int index) throws IOException {
        HeapKeyedStateBackend<String> restored = backend(parallelism, index);
        restored.restore(new ByteArrayInputStream(snapshot));
        return restored;
    }

    /** A stream the test can hold the writer in: it waits in its next write while {@link #hold()} is on. */
    static final class GatedStream extends OutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final long holdAt;
        private final CountDownLatch holding = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        /** @param holdAt the writer stops once it has written this many bytes */
        GatedStream(long holdAt) {
            this.holdAt = holdAt;
        }

        @Override
        public void write(int b) throws IOException {
            gate();
            bytes.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            gate();
            bytes.write(b, off, len);
        }

        private void gate() throws IOException {
            if (bytes.size() >= holdAt && released.getCount() > 0) {
                holding.countDown();
                try {
                    released.await();
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            }
        }

        void awaitHolding() throws InterruptedException {
            assertTrue(holding.await(30, TimeUnit.SECONDS), "the writer reached the gate");
        }

        void release() {
            released.countDown();
        }
    }

    private static CompletableFuture<Void> writeOnAnotherThread(KeyedStateSnapshot snapshot, OutputStream out) {
        return CompletableFuture.runAsync(() -> {
            try {
                snapshot.writeTo(out);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, r -> {
            Thread t = new Thread(r, "checkpoint writer");
            t.setDaemon(true);
            t.start();
        });
    }

    private static Task filledTask(long seed, int steps) throws Exception {
        Task task = new Task(backend(1, 0), seed);
        for (int i = 0; i < steps; i++) {
            task.step();
        }
        assertTrue(task.model.keys().size() > 100, "enough keys to spread over the key groups");
        return task;
    }

    /**
     * The writer is held at a fixed point (before the first group, and in the middle) while the task
     * changes state of groups on both sides of it; the written snapshot is still the frozen state.
     */
    @Test
    void writerHeldWhileTheTaskChangesEveryGroupStillWritesTheFrozenState() throws Exception {
        for (double where : new double[] {0, 0.3, 0.7}) {
            Task task = filledTask(Double.doubleToLongBits(where), 3_000);
            ByteArrayOutputStream whole = new ByteArrayOutputStream();
            task.backend.snapshot(whole); // only to learn the size, so the writer can be held inside it
            long holdAt = Math.max(4, (long) (whole.size() * where));
            Model frozen = task.model.copy();
            KeyedStateSnapshot snapshot = task.backend.snapshotAsync();
            GatedStream out = new GatedStream(holdAt);
            CompletableFuture<Void> writing = writeOnAnotherThread(snapshot, out);
            out.awaitHolding();
            for (int i = 0; i < 3_000; i++) {
                task.step();
            }
            // and every existing key once more, so that every group with state is touched
            for (String key : frozen.keys()) {
                task.increment(key);
            }
            out.release();
            writing.get(30, TimeUnit.SECONDS);

            assertHolds(frozen, restore(out.bytes.toByteArray(), 1, 0), "snapshot held at byte " + holdAt);
            assertHolds(task.model, task.backend, "the live state after the snapshot");
        }
    }

    /** Writer and task run freely at the same time, many times over; no group may mix before and after. */
    @Test
    void concurrentWriterAlwaysWritesTheFrozenState() throws Exception {
        Task task = filledTask(42, 5_000);
        for (int round = 0; round < 30; round++) {
            Model frozen = task.model.copy();
            KeyedStateSnapshot snapshot = task.backend.snapshotAsync();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            // a writer slowed down by yielding on every write, so that it overlaps the task's changes
            OutputStream slow = new OutputStream() {
                @Override
                public void write(int b) {
                    bytes.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    Thread.yield();
                    bytes.write(b, off, len);
                }
            };
            CompletableFuture<Void> writing = writeOnAnotherThread(snapshot, slow);
            // the task goes on while the writer runs (bounded, so the state does not grow without end)
            for (int steps = 0; steps < 5_000 && (!writing.isDone() || steps < 200); steps++) {
                task.step();
            }
            writing.get(30, TimeUnit.SECONDS);
            assertHolds(frozen, restore(bytes.toByteArray(), 1, 0), "round " + round);
        }
        assertHolds(task.model, task.backend, "the live state");
    }

    /** A second snapshot while the first is still being written: both hold their own freeze. */
    @Test
    void newSnapshotWhileTheOlderOneIsStillWrittenKeepsBothFrozenStates() throws Exception {
        Task task = filledTask(7, 3_000);
        Model first = task.model.copy();
        KeyedStateSnapshot older = task.backend.snapshotAsync();
        GatedStream olderOut = new GatedStream(1_000);
        CompletableFuture<Void> writingOlder = writeOnAnotherThread(older, olderOut);
        olderOut.awaitHolding();
        for (int i = 0; i < 2_000; i++) {
            task.step();
        }
        Model second = task.model.copy();
        KeyedStateSnapshot newer = task.backend.snapshotAsync();
        for (int i = 0; i < 2_000; i++) {
            task.step();
        }
        for (String key : second.keys()) {
            task.increment(key);
        }
        ByteArrayOutputStream newerOut = new ByteArrayOutputStream();
        newer.writeTo(newerOut);
        olderOut.release();
        writingOlder.get(30, TimeUnit.SECONDS);

        assertHolds(first, restore(olderOut.bytes.toByteArray(), 1, 0), "older snapshot");
        assertHolds(second, restore(newerOut.toByteArray(), 1, 0), "newer snapshot");
    }

    /**
     * What bounds the task's pause: touching a key while the writer has not reached it freezes that
     * key's slice only (a copy of its bucket arrays), and the frozen entry is copied, not changed.
     */
    @Test
    void touchingOneKeyDuringTheWriteFreezesOnlyItsSlice() throws Exception {
        HeapKeyedStateBackend<String> backend = backend(1, 0);
        ValueState<Long> count = backend.getState(COUNT);
        ListState<String> seen = backend.getState(SEEN);
        for (int i = 0; i < 50_000; i++) {
            backend.setCurrentKey("key-" + i);
            count.update((long) i);
            seen.add("first-" + i);
        }

        KeyedStateSnapshot snapshot = backend.snapshotAsync();
        GatedStream out = new GatedStream(4); // the writer waits before its first key group
        CompletableFuture<Void> writing = writeOnAnotherThread(snapshot, out);
        out.awaitHolding();
        backend.setCurrentKey("key-777");
        count.update(-1L);
        seen.add("after the freeze"); // changes the list in place: on a copy
        long frozenByTask = snapshot.slicesFrozenByTask();
        out.release();
        writing.get(30, TimeUnit.SECONDS);

        assertEquals(1, frozenByTask, "one slice frozen by the task");
        HeapKeyedStateBackend<String> restored = restore(out.bytes.toByteArray(), 1, 0);
        restored.setCurrentKey("key-777");
        assertEquals(777L, restored.getState(COUNT).value(), "the frozen value");
        assertEquals(List.of("first-777"), listOf(restored.getState(SEEN).get()), "the frozen list");
        assertEquals(50_000, restored.numberOfEntries("count"));
        backend.setCurrentKey("key-777");
        assertEquals(List.of("first-777", "after the freeze"), listOf(seen.get()), "the live list");
    }

    private static List<String> listOf(Iterable<String> values) {
        List<String> list = new ArrayList<>();
        values.forEach(list::add);
        return list;
    }

    /** A state value that cannot be serialized (a user type Kryo fails on). */
    @com.esotericsoftware.kryo.DefaultSerializer(Unserializable.Refusing.class)
    public static final class Unserializable {
        /** Public with a public constructor: Kryo creates it by reflection. */
        public static final class Refusing extends com.esotericsoftware.kryo.Serializer<Unserializable> {
            public Refusing() {
            }

            @Override
            public void write(com.esotericsoftware.kryo.Kryo kryo, com.esotericsoftware.kryo.io.Output output,
                              Unserializable object) {
                throw new com.esotericsoftware.kryo.KryoException("Unserializable cannot be serialized");
            }

            @Override
            public Unserializable read(com.esotericsoftware.kryo.Kryo kryo, com.esotericsoftware.kryo.io.Input input,
                                       Class<? extends Unserializable> type) {
                throw new UnsupportedOperationException();
            }
        }
    }

    /**
     * State the snapshot cannot serialize, in a slice the task touched first: the checkpoint fails
     * (the writer reports why), the task goes on, and the writer does not wait forever for the slice.
     */
    @Test
    void groupTheTaskCannotSerializeFailsTheCheckpointNotTheTask() throws Exception {
        HeapKeyedStateBackend<String> backend = backend(1, 0);
        ValueState<Unserializable> bad = backend.getState(new ValueStateDescriptor<>("bad", Unserializable.class));
        ValueState<Long> count = backend.getState(COUNT);
        backend.setCurrentKey("k");
        bad.update(new Unserializable());
        int group = KeyGroupRangeAssignment.assignToKeyGroup("k", MAX);

        KeyedStateSnapshot snapshot = backend.snapshotAsync();
        GatedStream out = new GatedStream(4); // the writer waits before its first group
        CompletableFuture<Void> writing = writeOnAnotherThread(snapshot, out);
        out.awaitHolding();
        backend.setCurrentKey("k"); // the task touches the group first: it must not fail for the checkpoint
        count.update(1L);
        assertEquals(1L, count.value());
        out.release();

        java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> writing.get(30, TimeUnit.SECONDS));
        IOException cause = assertInstanceOfIo(e.getCause());
        assertEquals("cannot serialize the keyed state of key group " + group + ": Unserializable cannot be serialized",
                cause.getMessage());
    }

    /**
     * While a checkpoint is written, a value the task reads must be copied (it may change it in
     * place); one Kryo cannot copy fails the read with its type named, and the frozen state stays.
     */
    @Test
    void valueThatCannotBeCopiedDuringACheckpointFailsTheReadNamingItsType() throws Exception {
        HeapKeyedStateBackend<String> backend = backend(1, 0);
        ValueState<Unserializable> bad = backend.getState(new ValueStateDescriptor<>("bad", Unserializable.class));
        backend.setCurrentKey("k");
        Unserializable value = new Unserializable();
        bad.update(value);
        assertTrue(bad.value() == value, "no copy without a checkpoint");

        KeyedStateSnapshot snapshot = backend.snapshotAsync();
        backend.setCurrentKey("k");
        IllegalStateException e = assertThrows(IllegalStateException.class, bad::value);
        assertTrue(e.getMessage().startsWith("a keyed state value of type " + Unserializable.class.getName()
                + " cannot be copied while a checkpoint is written"), e.getMessage());
        snapshot.cancel();
        backend.setCurrentKey("k"); // the cancelled snapshot is released: values are handed out as they are again
        assertTrue(bad.value() == value, "no copy once no snapshot is written");
    }

    private static IOException assertInstanceOfIo(Throwable t) {
        Throwable cause = t instanceof java.io.UncheckedIOException u ? u.getCause() : t;
        assertTrue(cause instanceof IOException, "an IOException: " + t);
        return (IOException) cause;
    }

    /** Snapshots of two instances restored with parallelism 3: each new instance gets exactly its key groups. */
    @Test
    void snapshotsRestoredWithAnotherParallelismGiveEachInstanceExactlyItsKeyGroups() throws Exception {
        List<byte[]> snapshots = new ArrayList<>();
        Model all = new Model();
        for (int i = 0; i < 2; i++) {
            Task task = new Task(backend(2, i), 100 + i);
            for (int s = 0; s < 4_000; s++) {
                task.step();
            }
            Model frozen = task.model.copy();
            KeyedStateSnapshot snapshot = task.backend.snapshotAsync();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CompletableFuture<Void> writing = writeOnAnotherThread(snapshot, bytes);
            for (int s = 0; s < 1_000; s++) {
                task.step(); // after the freeze: in no snapshot
            }
            writing.get(30, TimeUnit.SECONDS);
            snapshots.add(bytes.toByteArray());
            all.count.putAll(frozen.count);
            all.seen.putAll(frozen.seen);
            all.tags.putAll(frozen.tags);
            all.eventTimers.addAll(frozen.eventTimers);
            all.processingTimers.addAll(frozen.processingTimers);
        }
        int totalGroupsTaken = 0;
        for (int index = 0; index < 3; index++) {
            HeapKeyedStateBackend<String> restored = backend(3, index);
            for (byte[] snapshot : snapshots) {
                totalGroupsTaken += restored.restore(new ByteArrayInputStream(snapshot));
            }
            // independently: the keys whose owner at parallelism 3 is this instance
            int owner = index;
            Model mine = new Model();
            all.count.forEach((k, v) -> { if (ownerOf(k) == owner) { mine.count.put(k, v); } });
            all.seen.forEach((k, v) -> { if (ownerOf(k) == owner) { mine.seen.put(k, v); } });
            all.tags.forEach((k, v) -> { if (ownerOf(k) == owner) { mine.tags.put(k, v); } });
            all.eventTimers.stream().filter(t -> ownerOf(t.key()) == owner).forEach(mine.eventTimers::add);
            all.processingTimers.stream().filter(t -> ownerOf(t.key()) == owner).forEach(mine.processingTimers::add);
            assertTrue(mine.keys().size() > 20);
            assertHolds(mine, restored, "instance " + index + " of 3");
        }
        Set<Integer> nonEmptyGroups = new HashSet<>();
        all.keys().forEach(k -> nonEmptyGroups.add(KeyGroupRangeAssignment.assignToKeyGroup(k, MAX)));
        all.eventTimers.forEach(t -> nonEmptyGroups.add(KeyGroupRangeAssignment.assignToKeyGroup(t.key(), MAX)));
        all.processingTimers.forEach(t -> nonEmptyGroups.add(KeyGroupRangeAssignment.assignToKeyGroup(t.key(), MAX)));
        assertEquals(nonEmptyGroups.size(), totalGroupsTaken, "every non-empty key group taken by exactly one instance");
    }

    private static int ownerOf(String key) {
        // the key group of the key, and which of 3 contiguous ranges of 128 groups it falls in
        int group = KeyGroupRangeAssignment.assignToKeyGroup(key, MAX);
        TreeMap<Integer, Integer> starts = new TreeMap<>();
        for (int i = 0; i < 3; i++) {
            starts.put((i * MAX + 2) / 3, i); // ceil(i * 128 / 3)
        }
        return starts.floorEntry(group).getValue();
    }
}
