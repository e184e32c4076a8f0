package io.sluice.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.StreamEnvironment;
import io.sluice.client.MultiTaskManagerCluster;
import io.sluice.config.Configuration;
import io.sluice.state.KeyGroupRangeAssignment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Jobs with network exchanges between two TaskManagers of this JVM (real Netty on loopback). */
@Timeout(180)
class NetworkShuffleJobTest {

    static MultiTaskManagerCluster cluster;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        Configuration config = new Configuration();
        config.setString("restart-strategy.type", "none");
        cluster = new MultiTaskManagerCluster(config, 2, 1);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @AfterEach
    void reset() {
        StreamEnvironment.resetContext();
    }

    /** Values per part file: part-i holds what subtask i wrote. */
    static Map<Integer, List<Long>> readParts(Path out) throws IOException {
        Map<Integer, List<Long>> parts = new HashMap<>();
        try (Stream<Path> files = Files.list(out)) {
            for (Path p : files.filter(f -> f.getFileName().toString().matches("part-\\d+")).toList()) {
                int subtask = Integer.parseInt(p.getFileName().toString().substring(5));
                parts.put(subtask, Files.readAllLines(p).stream().map(Long::parseLong).toList());
            }
        }
        return parts;
    }

    @Test
    void keyedExchangeDeliversEveryRecordOnceToTheOwnerOfItsKeyGroup() throws Exception {
        StreamEnvironment.initializeContext(cluster, 2);
        StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
        Path out = dir.resolve("keyed");
        long n = 200_000;
        env.fromSequence(1, n).keyBy(v -> v % 1000).writeAsText(out.toUri().toString());
        env.execute("keyed exchange");

        Map<Integer, List<Long>> parts = readParts(out);
        assertEquals(2, parts.size());
        boolean[] seen = new boolean[(int) n + 1];
        long total = 0;
        for (Map.Entry<Integer, List<Long>> part : parts.entrySet()) {
            for (long v : part.getValue()) {
                assertTrue(!seen[(int) v], "value " + v + " delivered twice");
                seen[(int) v] = true;
                total++;
                assertEquals(KeyGroupRangeAssignment.operatorIndexForKey(v % 1000, 128, 2), part.getKey(),
                        "value " + v + " (key " + v % 1000 + ") reached a subtask that does not own its key group");
            }
        }
        assertEquals(n, total);
        assertTrue(parts.get(0).size() > n / 4 && parts.get(1).size() > n / 4, "both subtasks receive keys");
    }

    static String causeChain(Throwable e) {
        StringBuilder chain = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            chain.append(t).append('\n');
            if (t instanceof io.sluice.rpc.SerializedThrowable s) {
                chain.append(s.originalStackTrace()).append('\n');
            }
        }
        return chain.toString();
    }

    static void failAt(long v) {
        if (v == 5000) {
            throw new IllegalStateException("user function broke at " + v);
        }
    }

    @Test
    void userFailureBehindTheNetworkFailsTheJobWithTheUsersExceptionAndStackTrace() {
        StreamEnvironment.initializeContext(cluster, 2);
        StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
        env.fromSequence(1, 100_000).keyBy(v -> v % 100).map(v -> {
            failAt(v);
            return v;
        }).discard();
        io.sluice.api.JobExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.sluice.api.JobExecutionException.class, () -> env.execute("broken behind a shuffle"));
        String chain = causeChain(e);
        assertTrue(chain.contains("user function broke at 5000"), chain);
        assertTrue(chain.contains("NetworkShuffleJobTest.failAt"), "the user's stack trace is kept: " + chain);
    }

    @Test
    void failingSourceFailsTheConsumersThroughTheNetworkAndTheJobWithTheSourcesException() {
        StreamEnvironment.initializeContext(cluster, 2);
        StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
        env.fromSequence(1, 100_000).map(v -> {
            failAt(v);
            return v;
        }).rebalance().discard();
        io.sluice.api.JobExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.sluice.api.JobExecutionException.class, () -> env.execute("broken before a shuffle"));
        String chain = causeChain(e);
        assertTrue(chain.contains("user function broke at 5000"), chain);
    }

    /** Keeps longs, turns "s<n>" into -n. */
    static final class Negate implements io.sluice.api.functions.CoMapFunction<Long, String, Long> {
        @Override
        public Long map1(Long value) {
            return value;
        }

        @Override
        public Long map2(String value) {
            return -Long.parseLong(value.substring(1));
        }
    }

    @Test
    void unionRebalanceAndConnectDeliverEveryRecord() throws Exception {
        StreamEnvironment.initializeContext(cluster, 2);
        StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
        Path unionOut = dir.resolve("union");
        io.sluice.api.DataStream<Long> a = env.fromSequence(1, 10_000);
        io.sluice.api.DataStream<Long> b = env.fromSequence(10_001, 20_000).setParallelism(1);
        a.union(b).rebalance().writeAsText(unionOut.toUri().toString());
        Path connectOut = dir.resolve("connect");
        a.connect(b.map(v -> "s" + v)).map(new Negate()).writeAsText(connectOut.toUri().toString());
        env.execute("union and connect");

        java.util.Set<Long> union = new java.util.TreeSet<>();
        long lines = 0;
        for (List<Long> part : readParts(unionOut).values()) {
            union.addAll(part);
            lines += part.size();
            assertTrue(part.size() > 5000, "rebalance spreads the records");
        }
        assertEquals(20_000, lines);
        assertEquals(java.util.stream.LongStream.rangeClosed(1, 20_000).boxed().collect(
                java.util.stream.Collectors.toCollection(java.util.TreeSet::new)), union);

        java.util.Set<Long> connected = new java.util.TreeSet<>();
        readParts(connectOut).values().forEach(connected::addAll);
        assertEquals(20_000, connected.size());
        assertTrue(connected.contains(1L) && connected.contains(-10_001L) && connected.contains(-20_000L));
    }

    @Test
    void sideOutputsReachChainedAndNetworkConsumers() throws Exception {
        StreamEnvironment.initializeContext(cluster, 2);
        StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
        io.sluice.api.OutputTag<String> odd = new io.sluice.api.OutputTag<>("odd");
        io.sluice.api.DataStream<Long> even = env.fromSequence(1, 10_000)
                .transform("Split", io.sluice.translation.EngineOperation.of(new NetworkTestOperators.SplitOddEven(odd)));
        Path evenOut = dir.resolve("even");
        Path oddOut = dir.resolve("odd");
        Path oddChained = dir.resolve("odd-chained");
        even.writeAsText(evenOut.toUri().toString());
        even.getSideOutput(odd).rebalance().writeAsText(oddOut.toUri().toString());
        even.getSideOutput(odd).map(s -> Long.parseLong(s.substring(4))).writeAsText(oddChained.toUri().toString());
        env.execute("side outputs");

        java.util.Set<Long> evens = new java.util.TreeSet<>();
        readParts(evenOut).values().forEach(evens::addAll);
        assertEquals(5000, evens.size());
        assertTrue(evens.stream().allMatch(v -> v % 2 == 0));
        java.util.Set<String> odds = new java.util.TreeSet<>();
        try (Stream<Path> files = Files.list(oddOut)) {
            for (Path p : files.filter(f -> f.getFileName().toString().startsWith("part-")).toList()) {
                odds.addAll(Files.readAllLines(p));
            }
        }
        assertEquals(5000, odds.size());
        assertTrue(odds.contains("odd-1") && odds.contains("odd-9999"));
        java.util.Set<Long> oddsChained = new java.util.TreeSet<>();
        readParts(oddChained).values().forEach(oddsChained::addAll);
        assertEquals(5000, oddsChained.size());
    }

    @Test
    void verticesOfDifferentParallelismShareSlots() throws Exception {
        StreamEnvironment.initializeContext(cluster, 2);
        StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
        Path out = dir.resolve("fan-out");
        env.fromSequence(1, 30_000).setParallelism(1).map(v -> v * 3).writeAsText(out.toUri().toString());
        env.execute("parallelism 1 -> 2");
        Map<Integer, List<Long>> parts = readParts(out);
        assertEquals(2, parts.size(), "the map runs with 2 subtasks in the 2 slots, next to the single source");
        java.util.Set<Long> all = new java.util.TreeSet<>();
        parts.values().forEach(all::addAll);
        assertEquals(30_000, all.size());
        assertTrue(all.contains(3L) && all.contains(90_000L));
    }

    static final java.util.concurrent.atomic.AtomicBoolean FAIL_ONCE = new java.util.concurrent.atomic.AtomicBoolean();

    static long failOnce(long v) {
        if (v == 12_345 && FAIL_ONCE.compareAndSet(true, false)) {
            throw new IllegalStateException("transient failure at " + v);
        }
        return v;
    }

    @Test
    void failureBehindTheShuffleRestartsAllTasksWithNewPartitionsAndTheOutputIsExact() throws Exception {
        FAIL_ONCE.set(true);
        StreamEnvironment.initializeContext(cluster, 2);
        StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
        env.setJobConfiguration("restart-strategy.type", "fixed-delay");
        env.setJobConfiguration("restart-strategy.fixed-delay.delay", "100 ms");
        Path out = dir.resolve("restarted");
        long n = 50_000;
        env.fromSequence(1, n).keyBy(v -> v % 10).map(NetworkShuffleJobTest::failOnce).writeAsText(out.toUri().toString());
        env.execute("restart behind a shuffle");
        assertTrue(!FAIL_ONCE.get(), "the failure happened");
        java.util.Set<Long> all = new java.util.TreeSet<>();
        long lines = 0;
        for (List<Long> part : readParts(out).values()) {
            all.addAll(part);
            lines += part.size();
        }
        assertEquals(n, lines, "no record lost or duplicated by the restart");
        assertEquals(n, all.size());
        for (NetworkEnvironment network : cluster.networks()) {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (network.partitionManager().size() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(0, network.partitionManager().size(), "partitions of both attempts are released");
        }
    }

    @Test
    void bufferTimeoutFlushesPartlyFilledBuffersOfASlowSource() throws Exception {
        for (long timeout : new long[] {0, 20}) {
            NetworkTestOperators.CONSUMED.set(0);
            StreamEnvironment.initializeContext(cluster, 2);
            StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
            env.setBufferTimeout(timeout);
            // 20 records/s per subtask: a 32 KiB buffer would take minutes to fill
            env.fromSequence(1, Long.MAX_VALUE - 1, 20).keyBy(v -> v % 7)
                    .addSink("Counting Sink", io.sluice.translation.EngineOperation.of(new NetworkTestOperators.SlowSink<>(0)));
            io.sluice.api.JobClient job = env.executeAsync("buffer timeout " + timeout);
            try {
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (NetworkTestOperators.CONSUMED.get() < 20 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertTrue(NetworkTestOperators.CONSUMED.get() >= 20,
                        "records reach the sink long before a buffer is full (timeout " + timeout + " ms)");
            } finally {
                job.cancel().get();
                try {
                    job.result().get();
                } catch (Exception cancelled) {
                    // expected
                }
            }
        }
    }

    @Test
    void broadcastSendsEveryRecordToEverySubtaskAndRescaleAndShuffleLoseNothing() throws Exception {
        StreamEnvironment.initializeContext(cluster, 2);
        StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
        Path broadcast = dir.resolve("broadcast");
        Path rescale = dir.resolve("rescale");
        Path shuffle = dir.resolve("shuffle");
        io.sluice.api.DataStream<Long> numbers = env.fromSequence(1, 5000).setParallelism(1);
        numbers.broadcast().writeAsText(broadcast.toUri().toString());
        numbers.rescale().writeAsText(rescale.toUri().toString());
        env.fromSequence(1, 5000).shuffle().writeAsText(shuffle.toUri().toString());
        env.execute("broadcast, rescale, shuffle");

        Map<Integer, List<Long>> parts = readParts(broadcast);
        assertEquals(2, parts.size());
        for (List<Long> part : parts.values()) {
            assertEquals(5000, part.size());
            assertEquals(5000, new java.util.HashSet<>(part).size());
        }
        for (Path out : List.of(rescale, shuffle)) {
            java.util.Set<Long> all = new java.util.HashSet<>();
            long lines = 0;
            for (List<Long> part : readParts(out).values()) {
                all.addAll(part);
                lines += part.size();
            }
            assertEquals(5000, lines, out.toString());
            assertEquals(5000, all.size(), out.toString());
        }
    }
}
