package io.sluice.it.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * TaskManagers the process driver started for a job are given back once they have been idle for
 * resourcemanager.taskmanager-timeout: they deregister and their processes exit; down to
 * resourcemanager.taskmanagers.min, which are started without any job and kept.
 */
@Timeout(180)
class IdleTaskManagerReleaseTest {

    @TempDir
    Path tmp;

    Distribution dist;
    /** REST address of the JobManager the test started. */
    String jm;

    @AfterEach
    void stop() throws Exception {
        dist.stopAll();
    }

    @Test
    void idleTaskManagersAreStoppedAfterTheTimeout() throws Exception {
        Process jobManager = startJobManager();
        Distribution.awaitJson("http://" + jm + "/overview", o -> true, Duration.ofSeconds(60));

        Path out = tmp.resolve("out");
        Distribution.Result run = dist.run(List.of("run", "-m", jm, "-p", "2", dist.examplesJar().toString(),
                "--output", out.toUri().toString(), "--to", "1000"), Duration.ofMinutes(2));
        assertEquals(0, run.exitCode(), run.stderr());
        JobOutput.assertExact(out, 1, 1000);

        Distribution.awaitJson("http://" + jm + "/taskmanagers",
                j -> j.path("taskmanagers").isEmpty(), Duration.ofSeconds(60));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (workerCount(jobManager) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertEquals(0, workerCount(jobManager), "released TaskManager processes must exit");
    }

    /** A JobManager whose process driver starts 1-slot TaskManagers and releases them after 2 s idle; sets jm. */
    private Process startJobManager(String... extra) throws Exception {
        dist = new Distribution(Files.createDirectories(tmp.resolve("log")));
        List<String> options = new java.util.ArrayList<>(List.of(
                "-D", "resourcemanager.driver=process", "-D", "taskmanager.numberOfTaskSlots=1",
                "-D", "resourcemanager.process.java-options=-Xmx256m",
                "-D", "resourcemanager.taskmanager-timeout=2 s"));
        options.addAll(List.of(extra));
        Distribution.JobManagerProcess started = dist.startJobManager("jobmanager", options);
        jm = started.restAddress();
        return started.process();
    }

    private static long workerCount(Process jobManager) {
        return jobManager.descendants().filter(ProcessHandle::isAlive).filter(p -> p.info().commandLine()
                .map(c -> c.contains("TaskManagerRunner")).orElse(false)).count();
    }

    @Test
    void theMinimumOfTaskManagersStartsWithoutAJobAndOutlivesTheIdleTimeout() throws Exception {
        Process jobManager = startJobManager("-D", "resourcemanager.taskmanagers.min=1");
        // no job yet: the floor is started anyway
        Distribution.awaitJson("http://" + jm + "/taskmanagers",
                j -> j.path("taskmanagers").size() == 1, Duration.ofSeconds(60));

        // a job of parallelism 2 needs a second one; afterwards only the second goes
        Path out = tmp.resolve("out");
        Distribution.Result run = dist.run(List.of("run", "-m", jm, "-p", "2", dist.examplesJar().toString(),
                "--output", out.toUri().toString(), "--to", "1000"), Duration.ofMinutes(2));
        assertEquals(0, run.exitCode(), run.stderr());
        JobOutput.assertExact(out, 1, 1000);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (workerCount(jobManager) > 1 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        Thread.sleep(5000); // more than two idle timeouts: the last one must stay
        assertEquals(1, workerCount(jobManager), "TaskManager processes after the idle timeout");
        assertEquals(1, Distribution.awaitJson("http://" + jm + "/taskmanagers", j -> true, Duration.ofSeconds(10))
                .path("taskmanagers").size());
    }
}
