package io.sluice.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.JobExecutionException;
import io.sluice.api.JobExecutionResult;
import io.sluice.api.StreamEnvironment;
import io.sluice.config.Configuration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jobs through the public API on a local cluster (JobManager + TaskManager over real RPC in this JVM). */
@org.junit.jupiter.api.Timeout(120)
class LocalClusterJobTest {

    static final AtomicBoolean FAIL_ONCE = new AtomicBoolean();

    @TempDir
    Path dir;

    @AfterEach
    void reset() {
        StreamEnvironment.resetContext();
    }

    static Set<Long> readOutput(Path out) throws IOException {
        try (Stream<Path> files = Files.list(out)) {
            List<Path> parts = files.filter(p -> p.getFileName().toString().startsWith("part-")).toList();
            Set<Long> values = new TreeSet<>();
            long lines = 0;
            for (Path p : parts) {
                for (String line : Files.readAllLines(p)) {
                    values.add(Long.parseLong(line));
                    lines++;
                }
            }
            assertEquals(values.size(), lines, "no value may be written twice");
            return values;
        }
    }

    static Set<Long> expected(long from, long to) {
        return LongStream.rangeClosed(from, to).map(x -> x * 2).filter(x -> x % 3 == 0).boxed()
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void parallelJobWritesAllRecords() throws Exception {
        StreamEnvironment.initializeContext(new LocalClusterExecutor(new Configuration(), List.of()), 4);
        StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
        Path out = dir.resolve("out");
        env.fromSequence(1, 100_000).map(x -> x * 2).filter(x -> x % 3 == 0).writeAsText(out.toUri().toString());
        JobExecutionResult result = env.execute("parallel job");
        assertEquals("parallel job", result.jobName());
        assertEquals(expected(1, 100_000), readOutput(out));
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(4, files.filter(p -> p.getFileName().toString().matches("part-\\d")).count());
        }
    }

    @Test
    void failedTaskRestartsAndOutputIsExact() throws Exception {
        Configuration config = new Configuration();
        config.setString("restart-strategy.fixed-delay.delay", "100 ms");
        StreamEnvironment.initializeContext(new LocalClusterExecutor(config, List.of()), 3);
        StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
        Path out = dir.resolve("out");
        FAIL_ONCE.set(true);
        env.fromSequence(1, 30_000).map(x -> {
            if (x == 20_000 && FAIL_ONCE.compareAndSet(true, false)) {
                throw new IllegalStateException("injected failure at " + x);
            }
            return x * 2;
        }).filter(x -> x % 3 == 0).writeAsText(out.toUri().toString());
        env.execute("restarting job");
        assertEquals(expected(1, 30_000), readOutput(out));
    }

    @Test
    void jobFailsWithCauseWhenRestartsAreExhausted() {
        Configuration config = new Configuration();
        config.setString("restart-strategy.type", "none");
        StreamEnvironment.initializeContext(new LocalClusterExecutor(config, List.of()), 2);
        StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
        env.fromSequence(1, 10).map(x -> {
            throw new UnsupportedOperationException("user code is broken");
        }).discard();
        JobExecutionException e = assertThrows(JobExecutionException.class, () -> env.execute("broken"));
        StringBuilder chain = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            chain.append(t).append('\n');
        }
        assertTrue(chain.toString().contains("user code is broken"), chain.toString());
    }
}
