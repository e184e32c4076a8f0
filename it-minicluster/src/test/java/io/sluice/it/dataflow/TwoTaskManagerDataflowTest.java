package io.sluice.it.dataflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.it.standalone.Distribution;
import io.sluice.state.KeyGroupRangeAssignment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keyed exchanges between two TaskManager processes of the distribution (one slot each, so the two
 * subtasks of every vertex run in different JVMs and exchange data over TCP).
 */
@Timeout(300)
class TwoTaskManagerDataflowTest {

    @TempDir
    static Path tmp;

    static Distribution dist;
    static String jm;
    static String rest;
    static Path jobJar;

    @BeforeAll
    static void startCluster() throws Exception {
        dist = new Distribution(Files.createDirectories(tmp.resolve("log")));
        Distribution.JobManagerProcess jobManager = dist.startJobManager("jobmanager",
                List.of("-D", "restart-strategy.type=none"));
        for (int i = 0; i < 2; i++) {
            dist.startDaemon("taskmanager-" + i, concat(
                    List.of("taskmanager", "-D", "taskmanager.numberOfTaskSlots=1"), jobManager.taskManagerOptions()));
        }
        jm = jobManager.restAddress();
        rest = jobManager.restUrl();
        dist.awaitCluster(rest + "/overview", o -> o.path("taskmanagers").asInt() == 2, Duration.ofSeconds(60));
        jobJar = JobJars.build(tmp.resolve("dataflow-jobs.jar"), List.of());
    }

    @AfterAll
    static void stopCluster() throws Exception {
        dist.stopAll();
    }

    static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Test
    void keyedExchangeDeliversEveryRecordOnceToTheOwnerOfItsKeyGroup() throws Exception {
        Path out = tmp.resolve("keyed");
        long count = 300_000;
        Distribution.Result r = dist.run(List.of("run", "-m", jm, "-p", "2", "-c",
                "io.sluice.it.dataflow.jobs.KeyedExchangeJob", jobJar.toString(),
                "--output", out.toUri().toString(), "--count", Long.toString(count), "--keys", "1000"),
                Duration.ofMinutes(3));
        assertEquals(0, r.exitCode(), r.stderr());

        boolean[] seen = new boolean[(int) count + 1];
        long total = 0;
        int parts = 0;
        try (Stream<Path> files = Files.list(out)) {
            for (Path p : files.filter(f -> f.getFileName().toString().matches("part-\\d+")).toList()) {
                parts++;
                int subtask = Integer.parseInt(p.getFileName().toString().substring(5));
                List<String> lines = Files.readAllLines(p);
                assertTrue(lines.size() > count / 4, "subtask " + subtask + " received its share: " + lines.size());
                for (String line : lines) {
                    int v = Integer.parseInt(line);
                    assertTrue(!seen[v], v + " was delivered twice");
                    seen[v] = true;
                    total++;
                    assertEquals(KeyGroupRangeAssignment.operatorIndexForKey((long) v % 1000, 128, 2), subtask,
                            v + " reached subtask " + subtask + ", which does not own key " + v % 1000);
                }
            }
        }
        assertEquals(2, parts);
        assertEquals(count, total, "every record arrives exactly once");

        // the two subtasks of each vertex ran in different TaskManager processes
        String jobId = null;
        for (JsonNode job : Distribution.getJson(rest + "/jobs/overview").path("jobs")) {
            if ("FINISHED".equals(job.path("state").asText())) {
                jobId = job.path("jid").asText();
            }
        }
        JsonNode details = Distribution.getJson(rest + "/jobs/" + jobId);
        assertEquals(2, details.path("vertices").size(), "source and keyed sink are separate tasks: " + details);
        for (JsonNode vertex : details.path("vertices")) {
            JsonNode subtasks = vertex.path("subtasks");
            assertTrue(!subtasks.get(0).path("taskmanager-id").asText().equals(
                    subtasks.get(1).path("taskmanager-id").asText()), details.toString());
        }
    }

    @Test
    void userExceptionBehindTheShuffleFailsTheJobVisiblyInCliAndRest() throws Exception {
        Distribution.Result r = dist.run(List.of("run", "-m", jm, "-p", "2", "-c",
                "io.sluice.it.dataflow.jobs.KeyedExchangeJob", jobJar.toString(),
                "--output", tmp.resolve("failing").toUri().toString(), "--count", "100000", "--fail-at", "77777"),
                Duration.ofMinutes(3));
        assertEquals(1, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("keyed function rejects 77777"), r.stderr());
        assertTrue(r.stderr().contains("KeyedExchangeJob.checked"), "the user's stack trace is shown: " + r.stderr());

        JsonNode jobs = Distribution.getJson(rest + "/jobs/overview").path("jobs");
        String failed = null;
        for (JsonNode job : jobs) {
            if ("FAILED".equals(job.path("state").asText())) {
                failed = job.path("jid").asText();
            }
        }
        assertTrue(failed != null, jobs.toString());
        String result = Distribution.getJson(rest + "/jobs/" + failed + "/execution-result").toString();
        assertTrue(result.contains("keyed function rejects 77777"), result);
        assertTrue(result.contains("KeyedExchangeJob.checked"), result);
    }
}
