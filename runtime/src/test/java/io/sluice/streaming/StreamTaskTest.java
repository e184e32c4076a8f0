package io.sluice.streaming;

import io.sluice.translation.JobGraphGenerator;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.StreamEnvironment;
import io.sluice.graph.JobGraph;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamTaskTest {

    @TempDir
    Path tmp;

    private static StreamEnvironment env(int parallelism) {
        return StreamEnvironment.getExecutionEnvironment().setParallelism(parallelism);
    }

    @Test
    void fourSubtasksWriteTheWholeChainsOutput() throws Exception {
        Path out = tmp.resolve("out");
        StreamEnvironment env = env(4);
        env.fromSequence(1, 100_000).map(x -> x * 2).name("Double").filter(x -> x % 3 == 0).name("Multiples of 3")
                .writeAsText(out.toUri().toString());
        JobGraph graph = JobGraphGenerator.translate(env.getStreamGraph("sequence to text"));

        for (int i = 0; i < 4; i++) {
            new StreamTask(TestTaskEnvironment.of(graph, i)).invoke();
        }

        List<Long> expected = new ArrayList<>();
        for (long x = 1; x <= 100_000; x++) {
            if (x * 2 % 3 == 0) {
                expected.add(x * 2);
            }
        }
        assertEquals(List.of("part-0", "part-1", "part-2", "part-3"), visibleFiles(out));
        ValueAssertions.assertSameValues(expected, readAll(out), "combined part files");
        assertEquals(List.of(), hiddenFiles(out, ".inprogress"));
    }

    @Test
    void failingUserFunctionLeavesNoPartFileAndNoInProgressFile() throws Exception {
        Path out = tmp.resolve("out");
        StreamEnvironment env = env(2);
        env.fromSequence(1, 400_000)
                .map(x -> {
                    if (x == 150_000) {
                        throw new IllegalStateException("no " + x + " today");
                    }
                    return x;
                }).name("Picky")
                .writeAsText(out.toString());
        JobGraph graph = JobGraphGenerator.translate(env.getStreamGraph("failing"));

        // subtask 0 has 1..200000: it writes ~1 MB to its in-progress file, then fails
        OperatorException e = assertThrows(OperatorException.class,
                () -> new StreamTask(TestTaskEnvironment.of(graph, 0)).invoke());
        new StreamTask(TestTaskEnvironment.of(graph, 1)).invoke();

        assertInstanceOf(IllegalStateException.class, e.getCause());
        assertEquals("no 150000 today", e.getCause().getMessage());
        assertTrue(e.getMessage().startsWith("operator 'Picky' in task 'Sequence Source -> Picky -> Text Sink (1/2)#0' failed"),
                e.getMessage());
        assertEquals(List.of("part-1"), visibleFiles(out));
        assertEquals(List.of(), hiddenFiles(out, ".inprogress"));
    }

    @Test
    void successfulAttemptReplacesTheOutputOfAnEarlierRun() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("out"));
        Files.writeString(out.resolve("part-0"), "stale\n");
        Files.writeString(out.resolve(".part-0.inprogress.0"), "left by a killed attempt\n");
        StreamEnvironment env = env(1);
        env.fromSequence(1, 3).writeAsText(out.toString());
        JobGraph graph = JobGraphGenerator.translate(env.getStreamGraph("rerun"));

        new StreamTask(TestTaskEnvironment.of(graph, graph.vertices().get(0), 0, 1, getClass().getClassLoader())).invoke();

        assertEquals("1\n2\n3\n", Files.readString(out.resolve("part-0")));
        assertEquals(List.of(), hiddenFiles(out, ".inprogress"));
    }

    @Test
    void cancellationStopsARateLimitedSourcePromptlyWithoutInterrupt() throws Exception {
        Path out = tmp.resolve("out");
        StreamEnvironment env = env(1);
        env.fromSequence(0, Long.MAX_VALUE - 1, 50).writeAsText(out.toString());
        StreamTask task = new StreamTask(TestTaskEnvironment.of(JobGraphGenerator.translate(env.getStreamGraph("endless")), 0));
        // completed with the task's exception: get() rethrows a CancellationException as it is
        CompletableFuture<Void> run = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                task.invoke();
                run.complete(null);
            } catch (Throwable t) {
                run.completeExceptionally(t);
            }
        }, "endless task");
        thread.setDaemon(true); // a task that ignores cancel() must not keep the test JVM alive
        thread.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (hiddenFiles(out, ".inprogress").isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Thread.sleep(200); // let it emit and sleep in its throttle

        long cancelledAt = System.nanoTime();
        task.cancel();
        assertThrows(CancellationException.class, () -> run.get(5, TimeUnit.SECONDS));
        long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cancelledAt);

        assertTrue(stopMillis < 500, "stopped " + stopMillis + " ms after cancel()");
        assertEquals(List.of(), visibleFiles(out));
        assertEquals(List.of(), hiddenFiles(out, ".inprogress"));
    }

    @Test
    void fanOutFeedsEveryBranch() throws Exception {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        StreamEnvironment env = env(1);
        var numbers = env.fromSequence(1, 5);
        numbers.map(x -> "a" + x).writeAsText(a.toString());
        numbers.filter(x -> x > 3).writeAsText(b.toString());

        new StreamTask(TestTaskEnvironment.of(JobGraphGenerator.translate(env.getStreamGraph("fan out")), 0)).invoke();

        assertEquals("a1\na2\na3\na4\na5\n", Files.readString(a.resolve("part-0")));
        assertEquals("4\n5\n", Files.readString(b.resolve("part-0")));
    }

    @Test
    void sinkThatCannotOpenFailsTheTaskWithTheOperatorName() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        StreamEnvironment env = env(1);
        env.fromSequence(1, 5).writeAsText(file.toString());

        OperatorException e = assertThrows(OperatorException.class,
                () -> new StreamTask(TestTaskEnvironment.of(JobGraphGenerator.translate(env.getStreamGraph("bad path")), 0)).invoke());

        assertTrue(e.getMessage().contains("operator 'Text Sink'"), e.getMessage());
        assertTrue(e.getMessage().contains("exists and is not a directory"), e.getMessage());
    }

    static List<String> visibleFiles(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }

    static List<String> hiddenFiles(Path dir, String containing) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(".") && n.contains(containing)).sorted().toList();
        }
    }

    static List<Long> readAll(Path dir) throws IOException {
        List<Long> values = new ArrayList<>();
        for (String name : visibleFiles(dir)) {
            for (String line : Files.readAllLines(dir.resolve(name), StandardCharsets.UTF_8)) {
                values.add(Long.parseLong(line));
            }
        }
        values.sort(null);
        return values;
    }
}
