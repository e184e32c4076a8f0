package io.sluice.streaming;

import io.sluice.translation.JobGraphGenerator;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.StreamEnvironment;
import io.sluice.api.WriteMode;
import io.sluice.graph.JobGraph;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sources and sinks through the API, run as the tasks of a job (one StreamTask per subtask). */
class SourcesAndSinksJobTest {

    @TempDir
    Path tmp;

    private static void runAll(JobGraph graph, int parallelism) throws Exception {
        for (int i = 0; i < parallelism; i++) {
            new StreamTask(TestTaskEnvironment.of(graph, i)).invoke();
        }
    }

    private static List<String> lines(Path dir) throws Exception {
        List<String> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.sorted().toList()) {
                if (p.getFileName().toString().startsWith("part-")) {
                    all.addAll(Files.readAllLines(p, StandardCharsets.UTF_8));
                }
            }
        }
        return all;
    }

    @Test
    void textFilesInTextFilesOutAtParallelismThree() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        List<String> expected = new ArrayList<>();
        for (int f = 0; f < 3; f++) {
            List<String> fileLines = IntStream.range(0, 20_000).mapToObj(i -> "line " + i).toList();
            Files.write(in.resolve("f" + f + ".txt"), fileLines);
            expected.addAll(fileLines);
        }
        Path out = tmp.resolve("out");
        StreamEnvironment env = StreamEnvironment.getExecutionEnvironment().setParallelism(3);
        env.readTextFile(in.toUri().toString(), 50_000).map(String::toUpperCase).writeAsText(out.toUri().toString());
        runAll(JobGraphGenerator.translate(env.getStreamGraph("copy")), 3);

        List<String> got = lines(out);
        got.sort(null);
        List<String> want = new ArrayList<>(expected.stream().map(String::toUpperCase).toList());
        want.sort(null);
        assertEquals(want, got);
        assertEquals(List.of("part-0", "part-1", "part-2"), StreamTaskTest.visibleFiles(out));
    }

    @Test
    void fromElementsToPrint() throws Exception {
        StreamEnvironment env = StreamEnvironment.getExecutionEnvironment().setParallelism(2);
        env.fromElements("a", "b", "c", "d", "e").map(s -> s + s).print("p");
        JobGraph graph = JobGraphGenerator.translate(env.getStreamGraph("print"));
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            runAll(graph, 2);
        } finally {
            System.setOut(original);
        }
        List<String> printed = Arrays.asList(captured.toString(StandardCharsets.UTF_8).split("\\R"));
        assertEquals(List.of("p:1> aa", "p:1> bb", "p:1> cc", "p:2> dd", "p:2> ee"), printed);
    }

    @Test
    void apiErrorsAreClear() {
        StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> env.fromElements(new Object()));
        assertTrue(e.getMessage().contains("not serializable"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> env.readTextFile(tmp.resolve("missing").toString()));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void overwriteReplacesAnEarlierRunsPartsIncludingSurplusOnes() throws Exception {
        Path out = tmp.resolve("out");
        StreamEnvironment env = StreamEnvironment.getExecutionEnvironment().setParallelism(4);
        env.fromSequence(1, 100).writeAsText(out.toString());
        runAll(JobGraphGenerator.translate(env.getStreamGraph("first")), 4);
        assertEquals(List.of("part-0", "part-1", "part-2", "part-3"), StreamTaskTest.visibleFiles(out));

        // getJobGraph keeps the sinks defined so far: a new environment for the second job
        StreamEnvironment env2 = StreamEnvironment.getExecutionEnvironment().setParallelism(2);
        env2.fromSequence(1, 10).writeAsText(out.toString());
        runAll(JobGraphGenerator.translate(env2.getStreamGraph("second")), 2);
        assertEquals(List.of("part-0", "part-1"), StreamTaskTest.visibleFiles(out));
        assertEquals(IntStream.rangeClosed(1, 10).mapToObj(Long::valueOf).toList(), StreamTaskTest.readAll(out));
    }

    @Test
    void noOverwriteFailsOnAnEarlierRunsOutput() throws Exception {
        Path out = tmp.resolve("out");
        StreamEnvironment env = StreamEnvironment.getExecutionEnvironment().setParallelism(1);
        env.fromSequence(1, 5).writeAsText(out.toString(), WriteMode.NO_OVERWRITE);
        runAll(JobGraphGenerator.translate(env.getStreamGraph("first")), 1);

        StreamEnvironment env2 = StreamEnvironment.getExecutionEnvironment().setParallelism(1);
        env2.fromSequence(1, 7).writeAsText(out.toString(), WriteMode.NO_OVERWRITE);
        JobGraph second = JobGraphGenerator.translate(env2.getStreamGraph("second"));
        OperatorException e = assertThrows(OperatorException.class, () -> runAll(second, 1));
        assertTrue(e.getCause().getMessage().contains("already exists") && e.getCause().getMessage().contains("NO_OVERWRITE"),
                e.getCause().getMessage());
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), StreamTaskTest.readAll(out), "the earlier output is untouched");
    }
}
