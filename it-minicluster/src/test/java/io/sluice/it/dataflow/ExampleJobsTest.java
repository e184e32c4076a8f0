package io.sluice.it.dataflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.examples.windowing.ExpectedWindows;
import io.sluice.examples.windowing.WordEvents;
import io.sluice.examples.wordcount.TextGenerator;
import io.sluice.examples.wordcount.WordCounter;
import io.sluice.it.standalone.StandaloneCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example jars of the distribution on a JobManager and two TaskManager processes (2 slots
 * each): records cross process boundaries in the hash exchange (keyBy), and the output must equal
 * an independent computation over the same input.
 */
@Timeout(600)
class ExampleJobsTest {

    @TempDir
    static Path tmp;

    static StandaloneCluster cluster;
    static Path input;
    static Map<String, Long> expected;

    @BeforeAll
    static void start() throws Exception {
        cluster = StandaloneCluster.start(tmp.resolve("log"), 2, 2);
        // 4 files of 2 MB: about 300,000 words of a 10,000-word vocabulary
        List<Path> files = new TextGenerator(10_000, 7).writeFiles(tmp.resolve("in"), 4, 8L << 20);
        input = tmp.resolve("in");
        expected = WordCounter.count(files);
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private Path jar(String name) {
        return cluster.examplesDir().resolve(name);
    }

    @Test
    void wordCountAtParallelismFourEqualsTheIndependentCount() throws Exception {
        Path out = tmp.resolve("out-4");
        StandaloneCluster.Result r = cluster.run(List.of("-p", "4", jar("wordcount.jar").toString(),
                "--input", input.toUri().toString(), "--output", out.toUri().toString()), Duration.ofMinutes(5));
        assertEquals(0, r.exitCode(), r.stderr());
        assertFalse(r.stderr().contains("Warning:"), "the job jar check complained: " + r.stderr());
        WordCountOutput.assertSameCounts(expected, WordCountOutput.read(out.toUri().toString(), 4));
    }

    @Test
    void printedCountsAppearInTheTaskManagersOutput() throws Exception {
        Path small = Files.createDirectories(tmp.resolve("small"));
        Files.writeString(small.resolve("a.txt"), "Quokka quokka, WOMBAT!\nnumbat 42 quokka-wombat\n");
        Files.writeString(small.resolve("b.txt"), "Numbat\r\nquokka");
        StandaloneCluster.Result r = cluster.run(List.of("-p", "2", jar("wordcount.jar").toString(),
                "--input", small.toUri().toString()), Duration.ofMinutes(3));
        assertEquals(0, r.exitCode(), r.stderr());

        // parallel print sink: "<subtask>> word<TAB>count" on the stdout of the TaskManager processes
        Pattern printed = Pattern.compile("^([12])> (quokka|wombat|numbat)\t(\\d+)$", Pattern.MULTILINE);
        Map<String, Long> counts = new HashMap<>();
        for (int tm = 0; tm < 2; tm++) {
            Matcher m = printed.matcher(cluster.taskManagerOutput(tm));
            while (m.find()) {
                WordCountOutput.add(counts, m.group(2) + "\t" + m.group(3), "taskmanager-" + tm + ".out");
            }
        }
        assertEquals(Map.of("quokka", 4L, "wombat", 2L, "numbat", 2L), counts);
    }

    @Test
    void missingInputIsOneClearError() throws Exception {
        StandaloneCluster.Result r = cluster.run(List.of(jar("wordcount.jar").toString(),
                "--input", tmp.resolve("no-such-dir").toUri().toString()), Duration.ofMinutes(2));
        assertEquals(1, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("does not exist") && r.stderr().contains("no-such-dir"), r.stderr());
    }

    @Test
    void statefulJobCountsEveryKeysEventsOnceAndInOrder() throws Exception {
        Path out = tmp.resolve("stateful");
        long count = 300_000;
        int keys = 101;
        StandaloneCluster.Result r = cluster.run(List.of("-p", "4", jar("stateful.jar").toString(),
                "--count", Long.toString(count), "--keys", Integer.toString(keys), "--output", out.toUri().toString()),
                Duration.ofMinutes(5));
        assertEquals(0, r.exitCode(), r.stderr());
        Map<Long, String> lines = new HashMap<>();
        try (var files = Files.list(out)) {
            for (Path part : files.filter(p -> p.getFileName().toString().startsWith("part-")).toList()) {
                for (String line : Files.readAllLines(part)) {
                    long key = Long.parseLong(line.substring(0, line.indexOf('\t')));
                    assertEquals(null, lines.put(key, line), "key " + key + " reported twice");
                }
            }
        }
        assertEquals(keys, lines.size());
        for (long k = 0; k < keys; k++) {
            long events = (count - k + keys - 1) / keys;
            // key, events, last sequence number, duplicates, gaps
            assertEquals(k + "\t" + events + "\t" + (events - 1) + "\t0\t0", lines.get(k));
        }
    }

    @Test
    void windowedCountsOfOutOfOrderEventsAreExactAndLateEventsGoToTheSideOutput() throws Exception {
        Path out = tmp.resolve("windows");
        long count = 16_000;
        // 4 sources at 1,000 events/s each: about 4 s, long enough for watermarks to pass the late events
        StandaloneCluster.Result r = cluster.run(List.of("-p", "4", jar("windowed-wordcount.jar").toString(),
                "--count", Long.toString(count), "--rate", "1000", "--window-ms", "1000", "--out-of-orderness-ms", "500",
                "--late-every", "40", "--output", out.toUri().toString()), Duration.ofMinutes(5));
        assertEquals(0, r.exitCode(), r.stderr());
        WordEvents events = new WordEvents(10, 500, 40, 10 * 1000 + 500);
        assertEquals(ExpectedWindows.of(events, count, 1000), ExpectedWindows.windowsPlusLate(out, events, count, 1000),
                "window counts plus late events, per window and word");
        assertTrue(!ExpectedWindows.lateLines(out).isEmpty(), "late events reached the side output");
    }

    @Test
    void endlessStatefulJobReportsUntilCancelled() throws Exception {
        StandaloneCluster.Result r = cluster.run(List.of("-d", "-p", "2", jar("stateful.jar").toString(),
                "--keys", "10", "--rate", "500", "--report-every", "100"), Duration.ofMinutes(2));
        assertEquals(0, r.exitCode(), r.stderr());
        String jobId = r.stdout().trim();
        assertTrue(jobId.matches("[0-9a-f]{32}"), "detached run prints the job id, got: " + r.stdout());

        // running reports ("<subtask>> key events lastSeq duplicates gaps running") show up in the TaskManagers' stdout
        Pattern report = Pattern.compile("^[12]> (\\d+)\t(\\d+)\t(\\d+)\t0\t0\trunning$", Pattern.MULTILINE);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int reports = 0;
        while (reports < 5 && System.nanoTime() < deadline) {
            Thread.sleep(500);
            reports = 0;
            for (int tm = 0; tm < 2; tm++) {
                Matcher m = report.matcher(cluster.taskManagerOutput(tm));
                while (m.find()) {
                    reports++;
                }
            }
        }
        assertTrue(reports >= 5, "running reports of the endless job in the TaskManagers' .out files: " + reports);

        StandaloneCluster.Result cancel = cluster.sluice(List.of("cancel", "-m", cluster.jobManagerAddress(), jobId),
                Duration.ofMinutes(1));
        assertEquals(0, cancel.exitCode(), cancel.stderr());
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String listed = "";
        while (System.nanoTime() < until && !listed.contains("CANCELED")) {
            Thread.sleep(500);
            listed = cluster.sluice(List.of("list", "-m", cluster.jobManagerAddress()), Duration.ofMinutes(1)).stdout();
            listed = listed.lines().filter(l -> l.contains(jobId)).findFirst().orElse("");
        }
        assertTrue(listed.contains("CANCELED"), "job after cancel: " + listed);
    }
}
