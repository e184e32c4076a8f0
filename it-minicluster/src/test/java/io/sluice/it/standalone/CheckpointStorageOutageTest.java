package io.sluice.it.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.ha.zookeeper.HaTestCluster;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HDFS NameNode that holds a running job's checkpoints goes down and comes back: checkpoints
 * fail meanwhile (counted and shown with their cause, within the job's tolerance), the job keeps
 * running, checkpoints complete again once the NameNode is back, and the output is exact.
 */
@Timeout(300)
class CheckpointStorageOutageTest {

    @TempDir
    static File base;

    static HaTestCluster hdfs;

    @TempDir
    Path tmp;

    Distribution dist;

    @BeforeAll
    static void startHdfs() throws Exception {
        hdfs = HaTestCluster.start(base, 200);
    }

    @AfterAll
    static void stopHdfs() throws Exception {
        if (hdfs != null) {
            hdfs.close();
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (dist != null) {
            dist.stopAll();
        }
    }

    @Test
    void checkpointsFailWhileTheNameNodeIsDownAndResumeAfterwards() throws Exception {
        dist = new Distribution(Files.createDirectories(tmp.resolve("log")));
        Distribution.JobManagerProcess started = dist.startJobManager("jobmanager", List.of(
                "-D", "resourcemanager.driver=process", "-D", "taskmanager.numberOfTaskSlots=2",
                "-D", "resourcemanager.process.java-options=-Xmx256m",
                "-D", "execution.checkpointing.dir=" + hdfs.hdfsUri() + "/checkpoints",
                "-D", "execution.checkpointing.tolerable-failed-checkpoints=1000"));
        long events = 16_000;
        int keys = 20;
        long reportEvery = 25;
        Path out = tmp.resolve("out");
        Distribution.Result submit = dist.run(List.of("run", "-d", "-m", started.restAddress(), "-p", "2",
                dist.home.resolve("examples/stateful.jar").toString(), "--count", String.valueOf(events),
                "--keys", String.valueOf(keys), "--rate", "400", "--report-every", String.valueOf(reportEvery),
                "--checkpointing", "300", "--output", out.toUri().toString()), Duration.ofMinutes(1));
        assertEquals(0, submit.exitCode(), submit.stderr());
        String jobUrl = started.restUrl() + "/jobs/" + submit.stdout().trim();
        JsonNode before = Distribution.awaitJson(jobUrl + "/checkpoints",
                j -> j.path("counts").path("completed").asInt() >= 2, Duration.ofSeconds(90));

        hdfs.hdfs().shutdownNameNode(0);
        JsonNode during;
        try {
            during = Distribution.awaitJson(jobUrl + "/checkpoints",
                    j -> j.path("counts").path("failed").asInt() >= 2, Duration.ofSeconds(90));
            assertEquals("RUNNING", Distribution.getJson(jobUrl).path("state").asText(),
                    "checkpoint failures within the tolerance do not fail the job");
        } finally {
            hdfs.hdfs().restartNameNode(0, true);
        }
        String cause = during.path("latest").path("failed").path("failure_message").asText();
        assertTrue(cause.contains("could not start") || cause.contains("could not be completed")
                || cause.contains("declined") || cause.contains("expired"), "a cause is shown: " + during);
        long completedDuring = during.path("counts").path("completed").asLong();
        JsonNode after = Distribution.awaitJson(jobUrl + "/checkpoints",
                j -> j.path("counts").path("completed").asLong() > completedDuring, Duration.ofSeconds(120));
        assertTrue(after.path("counts").path("completed").asLong() > before.path("counts").path("completed").asLong());

        JsonNode done = Distribution.awaitJson(jobUrl, j -> j.path("state").asText().equals("FINISHED")
                || j.path("state").asText().equals("FAILED"), Duration.ofSeconds(120));
        assertEquals("FINISHED", done.path("state").asText(), done.toString());
        assertEquals(0, done.path("restarts").asInt(), "the job never restarted: " + done);
        assertEquals(StatefulOutput.expected(events, keys, reportEvery), StatefulOutput.committed(out));
    }
}
