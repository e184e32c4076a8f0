package io.sluice.it.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TaskManager that freezes (SIGSTOP: the process lives, its sockets stay open, it just stops
 * answering) is found only by missed heartbeats. The standalone driver gives no other signal.
 */
@Timeout(300)
class HeartbeatLossTest {

    @TempDir
    Path tmp;

    Distribution dist;
    Process frozen;

    @AfterEach
    void stop() throws Exception {
        if (frozen != null) {
            new ProcessBuilder("kill", "-CONT", String.valueOf(frozen.pid())).start().waitFor();
        }
        dist.stopAll();
    }

    @Test
    void frozenTaskManagerIsDetectedByHeartbeatAndJobRecoversOnTheOther() throws Exception {
        dist = new Distribution(Files.createDirectories(tmp.resolve("log")));
        List<String> heartbeats = List.of("-D", "heartbeat.interval=300 ms", "-D", "heartbeat.timeout=3 s");
        Distribution.JobManagerProcess jobManager = dist.startJobManager("jobmanager", StandaloneClusterTest.concat(
                List.of("-D", "restart-strategy.fixed-delay.delay=200 ms"), heartbeats));
        String jm = jobManager.restAddress();
        String rest = jobManager.restUrl();
        List<String> common = StandaloneClusterTest.concat(jobManager.taskManagerOptions(), heartbeats);
        Process tm0 = dist.startDaemon("taskmanager-0", StandaloneClusterTest.concat(List.of("taskmanager",
                "-D", "taskmanager.numberOfTaskSlots=2"), common));
        dist.startDaemon("taskmanager-1", StandaloneClusterTest.concat(List.of("taskmanager",
                "-D", "taskmanager.numberOfTaskSlots=2"), common));
        dist.awaitCluster(rest + "/overview", o -> o.path("taskmanagers").asInt() == 2, Duration.ofSeconds(60));

        // parallelism 2 fits on either TaskManager alone; 2 x 6000 records at 600/s: ~10 s.
        Path out = tmp.resolve("out");
        Distribution.Result submit = dist.run(List.of("run", "-d", "-m", jm, "-p", "2", dist.examplesJar().toString(),
                "--output", out.toUri().toString(), "--to", "12000", "--rate", "600"), Duration.ofMinutes(1));
        assertEquals(0, submit.exitCode(), submit.stderr());
        String jobUrl = rest + "/jobs/" + submit.stdout().trim();
        JsonNode running = Distribution.awaitJson(jobUrl,
                j -> j.path("status-counts").path("RUNNING").asInt() == 2, Duration.ofSeconds(60));

        // Freeze a TaskManager that runs a task of the job.
        String victimId = running.path("vertices").get(0).path("subtasks").get(0).path("taskmanager-id").asText();
        frozen = victimId.equals(tmId(rest, tm0)) ? tm0 : dist.startedDaemons().get(2);
        new ProcessBuilder("kill", "-STOP", String.valueOf(frozen.pid())).start().waitFor();

        Distribution.awaitJson(rest + "/overview", o -> o.path("taskmanagers").asInt() == 1, Duration.ofSeconds(30));
        JsonNode done = Distribution.awaitJson(jobUrl, j -> j.path("state").asText().matches("FINISHED|FAILED"),
                Duration.ofSeconds(120));
        assertEquals("FINISHED", done.path("state").asText(), done.toString());
        assertTrue(done.path("restarts").asInt() >= 1, done.toString());
        JobOutput.assertExact(out, 1, 12000);
    }

    /** The TaskManager id of a TaskManager process, from its log of the registration. */
    private String tmId(String rest, Process tm) throws Exception {
        String log = Files.readString(dist.logDir.resolve("taskmanager-0.out"));
        for (JsonNode t : Distribution.getJson(rest + "/taskmanagers").path("taskmanagers")) {
            if (log.contains("TaskManager " + t.path("id").asText() + " starting")) {
                return t.path("id").asText();
            }
        }
        throw new AssertionError("cannot tell which TaskManager process is taskmanager-0");
    }
}
