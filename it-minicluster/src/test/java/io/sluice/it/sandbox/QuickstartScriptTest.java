package io.sluice.it.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ./quickstart.sh} as a newcomer runs it, twice: the first run puts the sample text into HDFS
 * and runs WordCount per-job on YARN, whose printed top words must equal an independent count of the
 * sample; the second run ({@code --failover}) reuses the sandbox, then kills a session's
 * ApplicationMaster under a running job and must show attempt 2 finishing it on the same TaskManager
 * containers. The build step is skipped ({@code --no-build}): the reactor has just built the distribution.
 */
class QuickstartScriptTest {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static SandboxScript sandbox;
    private static Path work;

    @BeforeAll
    static void prepare() throws Exception {
        work = Path.of("target", "it-quickstart").toAbsolutePath();
        org.apache.hadoop.fs.FileUtil.fullyDelete(work.toFile());
        Files.createDirectories(work);
        sandbox = new SandboxScript(work.resolve("sandbox"), work);
    }

    @AfterAll
    static void stop() throws Exception {
        if (sandbox != null) {
            sandbox.forceStop();
        }
    }

    @Test
    void quickstartRunsWordCountOnYarnThenSurvivesAnApplicationMasterKill() throws Exception {
        String first = quickstart("--no-build");
        assertTrue(first.contains("Sandbox running"), first);
        assertTrue(first.contains("Putting the sample text into HDFS"), first);
        assertTrue(first.contains("YARN ResourceManager UI   " + sandbox.state("rm.web").orElseThrow()), first);
        assertEquals(independentTopWords(Files.readString(sandbox.home.resolve("examples/data/river.txt")), 10),
                printedTopWords(first), first);
        assertTrue(first.contains("Final-State : SUCCEEDED"), first);
        String pid = sandbox.state("pid").orElseThrow();

        String second = quickstart("--no-build", "--failover");
        assertTrue(second.contains("already running (pid " + pid + ")"), second);
        assertEquals(printedTopWords(first), printedTopWords(second), "a second run gives the same counts");
        assertTrue(second.contains("attempt 2 runs the job again"), second);
        assertTrue(second.contains("the same TaskManager containers: YARN kept them"), second);
        assertTrue(second.contains("output: 10000 lines, 10000 distinct"), second);

        SandboxScript.Result cat = sandbox.run(Duration.ofMinutes(2), "hdfs", "dfs", "-cat", "quickstart/input.txt");
        assertEquals(0, cat.exitCode(), cat.all());
        assertEquals(Files.readString(sandbox.home.resolve("examples/data/river.txt")), cat.stdout());
    }

    /** Words are runs of letters, lower-cased; most frequent first, ties by word: as the script prints them. */
    static List<String> independentTopWords(String text, int n) {
        Map<String, Integer> counts = new TreeMap<>();
        for (String word : text.split("[^A-Za-z]+")) {
            if (!word.isEmpty()) {
                counts.merge(word.toLowerCase(Locale.ROOT), 1, Integer::sum);
            }
        }
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(n).map(e -> e.getKey() + "\t" + e.getValue()).toList();
    }

    /** The lines under the script's "Top 10 words" heading. */
    static List<String> printedTopWords(String output) {
        List<String> lines = List.of(output.split("\n"));
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("==> Top 10 words")) {
                start = i + 1;
            }
        }
        if (start < 0) {
            throw new AssertionError("no top words printed:\n" + output);
        }
        List<String> top = new ArrayList<>();
        for (int i = start; i < lines.size() && !lines.get(i).isBlank() && !lines.get(i).startsWith("==>"); i++) {
            top.add(lines.get(i));
        }
        return top;
    }

    /** Runs ./quickstart.sh with {@code args}; returns stdout + stderr after asserting exit code 0. */
    private static String quickstart(String... args) throws Exception {
        Path out = Files.createTempFile(work, "quickstart", ".out");
        List<String> command = new ArrayList<>(List.of(REPO.resolve("quickstart.sh").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(REPO.toFile())
                .redirectErrorStream(true)
                .redirectOutput(out.toFile());
        pb.environment().put("SLUICE_SANDBOX_DIR", sandbox.sandboxDir.toString());
        pb.environment().remove("HADOOP_CONF_DIR");
        pb.environment().remove("SLUICE_CONF_DIR");
        Process process = pb.start();
        if (!process.waitFor(8, TimeUnit.MINUTES)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("quickstart.sh did not finish within 8 minutes:\n" + Files.readString(out));
        }
        String output = Files.readString(out);
        assertEquals(0, process.exitValue(), output);
        return output;
    }
}
