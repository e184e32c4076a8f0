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
 * Exactly once across a kill -9 of a TaskManager (standalone, process driver): the stateful example
 * with checkpoints every 500 ms writes a report line per key every few events through the
 * exactly-once file sink. After the kill the job restores its latest checkpoint (REST says which,
 * so it did not start over), and the committed output equals what a failure-free run writes,
 * computed here independently: a replay would repeat lines, a loss would leave gaps.
 */
@Timeout(300)
class ExactlyOnceTaskManagerKillTest {

    static final int KEYS = 64;
    static final long EVENTS = 32_000;
    static final long REPORT_EVERY = 25;

    @TempDir
    Path tmp;

    Distribution dist;

    @AfterEach
    void stop() throws Exception {
        dist.stopAll();
    }

    @Test
    void killedTaskManagerResumesFromTheLatestCheckpointWithExactOutput() throws Exception {
        dist = new Distribution(Files.createDirectories(tmp.resolve("log")));
        Path checkpoints = tmp.resolve("checkpoints");
        Distribution.JobManagerProcess started = dist.startJobManager("jobmanager", List.of(
                "-D", "resourcemanager.driver=process", "-D", "taskmanager.numberOfTaskSlots=2",
                "-D", "resourcemanager.process.java-options=-Xmx256m",
                "-D", "execution.checkpointing.dir=" + checkpoints.toUri(),
                "-D", "restart-strategy.type=fixed-delay", "-D", "restart-strategy.fixed-delay.delay=200 ms"));
        String rest = started.restUrl();

        // 4 subtasks at 800 events/s each: ~10 s of work
        Path out = tmp.resolve("out");
        Distribution.Result submit = dist.run(List.of("run", "-d", "-m", started.restAddress(), "-p", "4",
                dist.home.resolve("examples/stateful.jar").toString(), "--count", String.valueOf(EVENTS),
                "--keys", String.valueOf(KEYS), "--rate", "800", "--report-every", String.valueOf(REPORT_EVERY),
                "--checkpointing", "500", "--output", out.toUri().toString()), Duration.ofMinutes(1));
        assertEquals(0, submit.exitCode(), submit.stderr());
        String jobUrl = rest + "/jobs/" + submit.stdout().trim();
        Distribution.awaitJson(jobUrl + "/checkpoints", j -> j.path("counts").path("completed").asInt() >= 2,
                Duration.ofSeconds(90));

        List<ProcessHandle> workers = started.process().descendants().filter(p -> p.info().commandLine()
                .map(c -> c.contains("TaskManagerRunner")).orElse(false)).toList();
        assertEquals(2, workers.size(), "TaskManager processes under the JobManager");
        workers.get(0).destroyForcibly(); // SIGKILL

        JsonNode done = Distribution.awaitJson(jobUrl, j -> j.path("state").asText().equals("FINISHED")
                || j.path("state").asText().equals("FAILED"), Duration.ofSeconds(150));
        assertEquals("FINISHED", done.path("state").asText(), done.toString());
        assertTrue(done.path("restarts").asInt() >= 1, "the job restarted after the loss: " + done);
        JsonNode stats = Distribution.getJson(jobUrl + "/checkpoints");
        assertTrue(stats.path("counts").path("restored").asInt() >= 1, "restored a checkpoint: " + stats);
        assertTrue(stats.path("latest").path("restored").path("id").asLong() >= 1, "restored checkpoint: " + stats);

        assertEquals(StatefulOutput.expected(EVENTS, KEYS, REPORT_EVERY), StatefulOutput.committed(out));
    }

}
