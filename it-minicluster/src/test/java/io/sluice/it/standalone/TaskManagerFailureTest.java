package io.sluice.it.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a TaskManager while its tasks run: the JobManager notices, the process driver starts a
 * replacement, the job restarts and its output is exactly right.
 */
@Timeout(300)
class TaskManagerFailureTest {

    @TempDir
    Path tmp;

    Distribution dist;

    @AfterEach
    void stop() throws Exception {
        dist.stopAll();
    }

    @Test
    void killedTaskManagerIsReplacedAndJobFinishesCorrectly() throws Exception {
        dist = new Distribution(Files.createDirectories(tmp.resolve("log")));
        Distribution.JobManagerProcess started = dist.startJobManager("jobmanager", List.of(
                "-D", "resourcemanager.driver=process", "-D", "taskmanager.numberOfTaskSlots=2",
                "-D", "resourcemanager.process.java-options=-Xmx256m",
                "-D", "restart-strategy.fixed-delay.delay=200 ms"));
        Process jobManager = started.process();
        String jm = started.restAddress();
        String rest = started.restUrl();

        // 4 subtasks x 8000 records at 800/s each: ~10 s of work, spread over two started TaskManagers.
        Path out = tmp.resolve("out");
        Distribution.Result submit = dist.run(List.of("run", "-d", "-m", jm, "-p", "4", dist.examplesJar().toString(),
                "--output", out.toUri().toString(), "--to", "32000", "--rate", "800"), Duration.ofMinutes(1));
        assertEquals(0, submit.exitCode(), submit.stderr());
        String jobId = submit.stdout().trim();
        String jobUrl = rest + "/jobs/" + jobId;
        Distribution.awaitJson(jobUrl, j -> j.path("status-counts").path("RUNNING").asInt() == 4, Duration.ofSeconds(90));

        Set<String> before = taskManagerIds(rest);
        assertEquals(2, before.size(), "the process driver started two TaskManagers for 4 slots");
        List<ProcessHandle> workers = jobManager.descendants().filter(p -> p.info().commandLine()
                .map(c -> c.contains("TaskManagerRunner")).orElse(false)).toList();
        assertEquals(2, workers.size(), "TaskManager processes under the JobManager");
        workers.get(0).destroyForcibly(); // SIGKILL: no goodbye, no cleanup

        JsonNode done = Distribution.awaitJson(jobUrl, j -> j.path("state").asText().equals("FINISHED")
                || j.path("state").asText().equals("FAILED"), Duration.ofSeconds(150));
        assertEquals("FINISHED", done.path("state").asText(), done.toString());
        assertTrue(done.path("restarts").asInt() >= 1, "the job restarted after the loss: " + done);
        Set<String> after = taskManagerIds(rest);
        after.removeAll(before);
        assertFalse(after.isEmpty(), "a replacement TaskManager registered: before " + before + ", now "
                + taskManagerIds(rest));

        JobOutput.assertExact(out, 1, 32000);
        assertEquals(4, JobOutput.partFiles(out));
    }

    private static Set<String> taskManagerIds(String rest) throws Exception {
        Set<String> ids = new HashSet<>();
        for (JsonNode tm : Distribution.getJson(rest + "/taskmanagers").path("taskmanagers")) {
            ids.add(tm.path("id").asText());
        }
        return ids;
    }
}
