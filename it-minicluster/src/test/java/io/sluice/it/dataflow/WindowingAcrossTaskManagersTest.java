package io.sluice.it.dataflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.it.dataflow.jobs.ClassVisibilityJob;
import io.sluice.it.dataflow.jobs.WindowedCountJob;
import io.sluice.it.standalone.Distribution;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keyed state, timers and event-time windows between two TaskManager processes of the distribution
 * (one slot each: the two subtasks of the keyed operators run in different JVMs and receive their
 * keys over TCP). Results are checked against an independent computation of the same input.
 */
@Timeout(300)
class WindowingAcrossTaskManagersTest {

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
            dist.startDaemon("taskmanager-" + i, TwoTaskManagerDataflowTest.concat(
                    List.of("taskmanager", "-D", "taskmanager.numberOfTaskSlots=1"), jobManager.taskManagerOptions()));
        }
        jm = jobManager.restAddress();
        rest = jobManager.restUrl();
        dist.awaitCluster(rest + "/overview", o -> o.path("taskmanagers").asInt() == 2, Duration.ofSeconds(180));
        jobJar = JobJars.build(tmp.resolve("state-jobs.jar"), List.of());
    }

    @AfterAll
    static void stopCluster() throws Exception {
        dist.stopAll();
    }

    @Test
    void windowedCountsOfOutOfOrderEventsEqualTheExpectedWindowsAndLateEventsLandInTheSideOutput() throws Exception {
        long count = 16_000;
        long keys = 10;
        long lateEvery = 250;
        Path out = tmp.resolve("windows");
        Path late = tmp.resolve("late");
        Distribution.Result r = dist.run(List.of("run", "-m", jm, "-c", WindowedCountJob.class.getName(), jobJar.toString(),
                "--output", out.toUri().toString(), "--late-output", late.toUri().toString(),
                "--count", Long.toString(count), "--rate", "1000", "--keys", Long.toString(keys),
                "--late-every", Long.toString(lateEvery)), Duration.ofMinutes(3));
        assertEquals(0, r.exitCode(), r.stderr());

        // independent computation: every on-time event counted in its 1 s window; the extra events are late
        Map<String, Long> expected = new HashMap<>();
        List<String> expectedLate = new ArrayList<>();
        for (long v = 1; v <= count; v++) {
            long pos = v - 1;
            String key = "k" + v % keys;
            long t = WindowedCountJob.eventTime(pos);
            expected.merge(key + "," + Math.floorDiv(t, WindowedCountJob.WINDOW) * WindowedCountJob.WINDOW, 1L, Long::sum);
            if (pos >= WindowedCountJob.LATE_FROM && pos % lateEvery == 0) {
                expectedLate.add(key + "," + (t - WindowedCountJob.LATE_BY) + ",true");
            }
        }

        Map<String, Long> actual = new HashMap<>();
        for (String line : lines(out)) {
            int comma = line.lastIndexOf(',');
            Long previous = actual.put(line.substring(0, comma), Long.parseLong(line.substring(comma + 1)));
            assertEquals(null, previous, "window " + line + " fired once");
        }
        assertEquals(expected, actual);

        List<String> lateLines = lines(late);
        expectedLate.sort(null);
        lateLines.sort(null);
        assertEquals(32, expectedLate.size());
        assertEquals(expectedLate, lateLines, "each late event in the side output once");
    }

    @Test
    void keyedStateAndTimersCountEveryRecordOnceAcrossBothTaskManagers() throws Exception {
        Path out = tmp.resolve("timers");
        long count = 200_000;
        Distribution.Result r = dist.run(List.of("run", "-m", jm, "-c", "io.sluice.it.dataflow.jobs.KeyedTimerJob",
                jobJar.toString(), "--output", out.toUri().toString(), "--count", Long.toString(count), "--keys", "100"),
                Duration.ofMinutes(3));
        assertEquals(0, r.exitCode(), r.stderr());
        Map<String, String> expected = new HashMap<>();
        for (long key = 0; key < 100; key++) {
            expected.put(Long.toString(key), Long.toString(count / 100));
        }
        Map<String, String> actual = new HashMap<>();
        List<String> all = lines(out);
        for (String line : all) {
            String[] kv = line.split(",");
            actual.put(kv[0], kv[1]);
        }
        assertEquals(100, all.size(), "one timer per key fired, once");
        assertEquals(expected, actual);

        String jobId = job("keyed timers", "FINISHED");
        JsonNode details = Distribution.getJson(rest + "/jobs/" + jobId);
        for (JsonNode vertex : details.path("vertices")) {
            JsonNode subtasks = vertex.path("subtasks");
            assertTrue(!subtasks.get(0).path("taskmanager-id").asText().equals(subtasks.get(1).path("taskmanager-id").asText()),
                    details.toString());
        }
    }

    @Test
    void exceptionInATimerCallbackFailsTheJobWithTheUsersStackTrace() throws Exception {
        Distribution.Result r = dist.run(List.of("run", "-m", jm, "-c", "io.sluice.it.dataflow.jobs.KeyedTimerJob",
                jobJar.toString(), "--output", tmp.resolve("failing").toUri().toString(), "--count", "1000",
                "--fail-in-timer"), Duration.ofMinutes(3));
        assertEquals(1, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("rejected on purpose"), r.stderr());
        assertTrue(r.stderr().contains("CountPerKey.rejectTimer"), "the user's stack trace is shown: " + r.stderr());
        String result = Distribution.getJson(rest + "/jobs/" + job("keyed timers", "FAILED") + "/execution-result").toString();
        assertTrue(result.contains("rejected on purpose") && result.contains("CountPerKey.rejectTimer"), result);
    }

    /** The id of the job named {@code name} in {@code state} (each test runs its job once per state). */
    private static String job(String name, String state) throws Exception {
        JsonNode jobs = Distribution.getJson(rest + "/jobs/overview").path("jobs");
        for (JsonNode job : jobs) {
            if (state.equals(job.path("state").asText()) && name.equals(job.path("name").asText())) {
                return job.path("jid").asText();
            }
        }
        throw new AssertionError("no " + state + " job named '" + name + "' in " + jobs);
    }

    @Test
    void userCodeSeesNeitherAkkaNorScalaNorConfigOfTheRuntime() throws Exception {
        // The runtime's RPC libraries live in a class loader of their own: a job may bring other versions
        // of them, and nothing of ours is found by its main() or its functions.
        Path out = tmp.resolve("visibility");
        Distribution.Result r = dist.run(List.of("run", "-m", jm, "-c", ClassVisibilityJob.class.getName(),
                jobJar.toString(), out.toUri().toString()), Duration.ofMinutes(2));
        assertEquals(0, r.exitCode(), r.stderr());
        List<String> expected = new ArrayList<>();
        for (String where : List.of("main", "taskmanager")) {
            expected.addAll(List.of(where + ",akka.actor.ActorSystem,hidden", where + ",scala.Option,hidden",
                    where + ",com.typesafe.config.ConfigFactory,hidden", where + ",io.sluice.api.StreamEnvironment,class-path",
                    // the distribution's Hadoop client is shaded: no commons-lang3 outside YARN containers
                    where + ",org.apache.commons.lang3.StringUtils,hidden"));
        }
        List<String> seen = new ArrayList<>(r.stdout().lines().filter(l -> l.startsWith("main,")).toList());
        seen.addAll(lines(out));
        assertEquals(expected, seen);
    }

    private static List<String> lines(Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().matches("part-\\d+")).toList()) {
                lines.addAll(Files.readAllLines(p));
            }
        }
        return lines;
    }
}
