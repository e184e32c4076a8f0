package io.sluice.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.JobExecutionResult;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.checkpoint.CheckpointListener;
import io.sluice.api.functions.Collector;
import io.sluice.api.functions.KeyedProcessFunction;
import io.sluice.api.functions.MapFunction;
import io.sluice.client.MultiTaskManagerCluster;
import io.sluice.config.Configuration;
import io.sluice.dispatcher.DispatcherProtocol;
import io.sluice.api.state.ValueState;
import io.sluice.api.state.ValueStateDescriptor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once recovery on a cluster of two TaskManagers in this JVM (real RPC, real TCP shuffle,
 * real files): a keyed running count per key, written by the checkpointed file sink; a user function
 * throws once after a checkpoint completed. The committed output must equal a failure-free run's
 * (every count line of every key exactly once), and the job must have restored that checkpoint.
 */
@Timeout(180)
class CheckpointedJobTest {

    static MultiTaskManagerCluster cluster;
    static final AtomicBoolean CHECKPOINT_COMPLETED = new AtomicBoolean();
    static final AtomicBoolean THROWN = new AtomicBoolean();
    static final AtomicLong FAIL_AT_OR_AFTER = new AtomicLong(Long.MAX_VALUE);

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        cluster = new MultiTaskManagerCluster(new Configuration(), 2, 2);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @AfterEach
    void reset() {
        StreamEnvironment.resetContext();
    }

    /** Counts records per key; emits "key:count" for each. */
    static final class RunningCount extends KeyedProcessFunction<Long, Long, String> {
        private transient ValueState<Long> count;

        @Override
        public void open() {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Long.class));
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<String> out) throws Exception {
            long c = count.value() == null ? 1 : count.value() + 1;
            count.update(c);
            out.collect(ctx.getCurrentKey() + ":" + c);
        }
    }

    /** Passes lines through; throws once, on the first record after a checkpoint completed. */
    static final class FailOnceAfterCheckpoint implements MapFunction<String, String>, CheckpointListener {
        @Override
        public String map(String value) {
            if (CHECKPOINT_COMPLETED.get() && THROWN.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure after a completed checkpoint");
            }
            return value;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            CHECKPOINT_COMPLETED.set(true);
        }
    }

    @Test
    void taskFailureResumesFromTheLatestCheckpointAndTheCommittedOutputIsExact() throws Exception {
        CHECKPOINT_COMPLETED.set(false);
        THROWN.set(false);
        long n = 200_000;
        int keys = 37;
        Path out = dir.resolve("out");
        Path checkpoints = dir.resolve("checkpoints");
        StreamEnvironment.initializeContext(cluster, 4);
        StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(100);
        env.getCheckpointConfig().setCheckpointStorage(checkpoints.toUri().toString());
        env.setJobConfiguration("restart-strategy.type", "fixed-delay");
        env.setJobConfiguration("restart-strategy.fixed-delay.delay", "100 ms");
        env.fromSequence(1, n, 10_000).keyBy(v -> v % keys).process(new RunningCount()).uid("count")
                .map(new FailOnceAfterCheckpoint()).writeAsText(out.toUri().toString());
        JobExecutionResult result = env.execute("exactly once after a task failure");

        assertTrue(THROWN.get(), "the failure was injected");
        CheckpointStatsSnapshot stats = (CheckpointStatsSnapshot) cluster.dispatcher()
                .ask(new DispatcherProtocol.RequestCheckpointStats(result.jobId())).get(10, TimeUnit.SECONDS);
        assertTrue(stats.restored() >= 1, "the job restored a checkpoint: " + stats);
        assertTrue(stats.latestRestored().id() >= 1, "restored checkpoint id: " + stats.latestRestored());

        Map<Long, Long> perKey = new HashMap<>();
        for (long v = 1; v <= n; v++) {
            perKey.merge(v % keys, 1L, Long::sum);
        }
        List<String> expected = new ArrayList<>();
        perKey.forEach((k, count) -> {
            for (long c = 1; c <= count; c++) {
                expected.add(k + ":" + c);
            }
        });
        expected.sort(null);
        List<String> actual = committedLines(out);
        actual.sort(null);
        assertEquals(expected.size(), actual.size(), "no count line lost or repeated");
        assertEquals(expected, actual);
        assertNoHiddenFiles(out);
        Path jobCheckpoints = checkpoints.resolve(result.jobId().toHexString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (Files.exists(jobCheckpoints) && System.nanoTime() < deadline) {
            Thread.sleep(50); // deleted off the JobMaster's thread once the job ended
        }
        assertFalse(Files.exists(jobCheckpoints), () -> "a finished job's checkpoints are deleted: " + list(jobCheckpoints));
    }

    /** At-least-once (no alignment): after the failure nothing is lost; lines may repeat or counts run past. */
    @Test
    void atLeastOnceLosesNothing() throws Exception {
        CHECKPOINT_COMPLETED.set(false);
        THROWN.set(false);
        long n = 160_000;
        int keys = 23;
        Path out = dir.resolve("out-alo");
        StreamEnvironment.initializeContext(cluster, 4);
        StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(100, io.sluice.api.checkpoint.CheckpointingMode.AT_LEAST_ONCE);
        env.getCheckpointConfig().setCheckpointStorage(dir.resolve("checkpoints-alo").toUri().toString());
        env.setJobConfiguration("restart-strategy.type", "fixed-delay");
        env.setJobConfiguration("restart-strategy.fixed-delay.delay", "100 ms");
        env.fromSequence(1, n, 10_000).keyBy(v -> v % keys).process(new RunningCount()).uid("count")
                .map(new FailOnceAfterCheckpoint()).writeAsText(out.toUri().toString());
        env.execute("at least once after a task failure");
        assertTrue(THROWN.get(), "the failure was injected");

        java.util.Set<String> actual = new java.util.HashSet<>(committedLines(out));
        for (long k = 0; k < keys; k++) {
            long count = (n - (k == 0 ? keys : k)) / keys + 1; // values 1..n with v % keys == k
            for (long c = 1; c <= count; c++) {
                assertTrue(actual.contains(k + ":" + c), "line " + k + ":" + c + " is missing: at-least-once lost it");
            }
        }
        assertNoHiddenFiles(out);
    }

    static List<String> committedLines(Path out) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(out)) {
            for (Path p : files.filter(f -> f.getFileName().toString().startsWith("part-")).toList()) {
                lines.addAll(Files.readAllLines(p));
            }
        }
        return lines;
    }

    static void assertNoHiddenFiles(Path out) throws IOException {
        try (Stream<Path> files = Files.list(out)) {
            List<String> hidden = files.map(f -> f.getFileName().toString())
                    .filter(name -> name.startsWith(".part-") && !name.endsWith(".crc")).toList(); // .crc: the local file system's checksums
            assertEquals(List.of(), hidden, "no in-progress or pending part file after the job ended");
        }
    }

    private static List<String> list(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.map(Path::toString).toList();
        } catch (IOException e) {
            return List.of(e.toString());
        }
    }
}
