package io.sluice.it.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.it.dataflow.JobJars;
import io.sluice.it.standalone.StatefulOutput;
import io.sluice.sandbox.EmbeddedHadoopCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many faults of random kinds at random times against one checkpointing job, per-job on YARN with
 * ZooKeeper HA on the embedded Hadoop cluster: kill -9 of a TaskManager container, SIGKILL of the
 * ApplicationMaster (containers kept, the next attempt restores), an exception in a task, and a
 * restart of the ZooKeeper server. After every fault the test waits for the job to run again and
 * for its first new checkpoint (its first new committed output), then waits a random time. At the
 * end the committed output must be exactly a failure-free run's.
 *
 * <p>{@code -Dsluice.faults=N} sets the number of faults (20 by default), {@code -Dsluice.faults.seed}
 * the random seed (printed), {@code -Dsluice.faults.report=<file>} writes each fault's recovery
 * times as CSV ({@code benchmarks/fault-injection.sh} runs 100 and summarizes them).
 */
@Timeout(1800)
class RandomFaultsTest {

    enum Fault { TASKMANAGER_KILL, APPLICATION_MASTER_KILL, TASK_EXCEPTION, ZOOKEEPER_RESTART }

    @TempDir
    static Path tmp;

    static EmbeddedHadoopCluster cluster;
    static YarnDistribution dist;

    @BeforeAll
    static void start() throws Exception {
        cluster = YarnDistribution.startCluster("random-faults", 1, Map.of("yarn.resourcemanager.am.max-attempts", "1000"));
        dist = new YarnDistribution(cluster, tmp, YarnDistribution.zooKeeperHa(cluster));
    }

    @AfterAll
    static void stop() {
        if (dist != null) {
            dist.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    record Recovery(int index, Fault fault, long toRunningMillis, long toCommitMillis) {
    }

    @Test
    void exactOutputAfterManyRandomFaults() throws Exception {
        int faults = Integer.getInteger("sluice.faults", 20);
        long seed = Long.getLong("sluice.faults.seed", System.nanoTime());
        System.out.println("RandomFaultsTest: " + faults + " faults, seed " + seed);
        Random random = new Random(seed);
        // -Dsluice.faults.kinds=TASKMANAGER_KILL,ZOOKEEPER_RESTART narrows the kinds (to chase one)
        List<Fault> kinds = System.getProperty("sluice.faults.kinds") == null ? List.of(Fault.values())
                : java.util.Arrays.stream(System.getProperty("sluice.faults.kinds").split(",")).map(Fault::valueOf).toList();
        int keys = 40;
        long reportEvery = 20;
        long rate = 300; // events per second per subtask: ~3.5 s of input per fault, replays included
        long events = Math.max(60_000, faults * 2L * rate * 9);
        String markers = "/faults/markers";
        Path jar = JobJars.build(tmp.resolve("fault-job.jar"), List.of(
                io.sluice.examples.ExampleArgs.class, io.sluice.examples.stateful.KeyedEvent.class,
                io.sluice.examples.stateful.KeyedEventSource.class, io.sluice.examples.stateful.KeyedEventSource.Lane.class,
                Class.forName("io.sluice.examples.stateful.KeyedEventSource$1"),
                io.sluice.examples.stateful.SequenceChecker.class, io.sluice.examples.stateful.SequenceChecker.KeyState.class));
        YarnDistribution.Result submit = dist.sluice(List.of("run", "-t", "yarn-per-job", "-d", "-p", "2",
                "-D", "yarn.application-attempts=1000",
                "-D", "restart-strategy.type=fixed-delay", "-D", "restart-strategy.fixed-delay.attempts=100000",
                "-D", "restart-strategy.fixed-delay.delay=200 ms",
                "-c", "io.sluice.it.dataflow.jobs.FaultInjectedStatefulJob", jar.toString(),
                "--count", String.valueOf(events), "--keys", String.valueOf(keys), "--rate", String.valueOf(rate),
                "--report-every", String.valueOf(reportEvery), "--checkpointing", "500",
                "--fail-markers", dist.hdfs(markers), "--output", dist.hdfs("/out/random-faults")),
                Duration.ofMinutes(2));
        assertEquals(0, submit.exitCode(), submit.describe());
        String appId = submit.applicationId();
        String rest = restOf(dist.awaitReport(appId, r -> r.getRpcPort() > 0, Duration.ofMinutes(2)));
        JsonNode overview = Http.awaitJson(rest + "/jobs/overview", j -> j.path("jobs").toString().contains("RUNNING"),
                Duration.ofMinutes(2));
        String jobId = overview.path("jobs").get(0).path("jid").asText();
        awaitRunningAndNewCheckpoint(appId, jobId, -1, -1);

        List<Recovery> recoveries = new ArrayList<>();
        for (int i = 0; i < faults; i++) {
            Thread.sleep(200 + random.nextInt(2300));
            long latestBefore = latestCompleted(appId, jobId);
            Fault fault = kinds.get(random.nextInt(kinds.size()));
            long injected = System.nanoTime();
            long injectedAtMillis = System.currentTimeMillis();
            inject(fault, appId, i, markers);
            long[] times = awaitRunningAndNewCheckpoint(appId, jobId, latestBefore, injectedAtMillis);
            Recovery r = new Recovery(i + 1, fault, (times[0] - injected) / 1_000_000, (times[1] - injected) / 1_000_000);
            recoveries.add(r);
            System.out.printf(Locale.ROOT, "fault %d %s: RUNNING after %d ms, new checkpoint after %d ms%n",
                    r.index(), r.fault(), r.toRunningMillis(), r.toCommitMillis());
        }
        writeReport(recoveries);

        // the rest of the input at the source's rate, with room: many faults leave much of it to read
        ApplicationReport end = dist.awaitReport(appId, YarnDistribution::ended,
                Duration.ofMinutes(10).plusSeconds(events / (2 * rate)));
        assertEquals(FinalApplicationStatus.SUCCEEDED, end.getFinalApplicationStatus(), end.getDiagnostics());
        assertEquals(StatefulOutput.expected(events, keys, reportEvery),
                StatefulOutput.committed(cluster.getFileSystem(), new org.apache.hadoop.fs.Path("/out/random-faults")),
                "committed output after " + faults + " faults (seed " + seed + ")");
    }

    private void inject(Fault fault, String appId, int index, String markers) throws Exception {
        switch (fault) {
            case TASKMANAGER_KILL -> taskManagerRunningTheJob(appId).destroyForcibly();
            case APPLICATION_MASTER_KILL -> YarnJobClustersTest.awaitProcess(appId, "YarnApplicationMaster",
                    Duration.ofSeconds(30)).destroyForcibly();
            case TASK_EXCEPTION -> {
                // written aside and renamed in, so a task never deletes a marker that is still being written
                org.apache.hadoop.fs.FileSystem fs = cluster.getFileSystem();
                org.apache.hadoop.fs.Path aside = new org.apache.hadoop.fs.Path("/faults/new/fault-" + index);
                fs.create(aside, true).close();
                fs.mkdirs(new org.apache.hadoop.fs.Path(markers));
                if (!fs.rename(aside, new org.apache.hadoop.fs.Path(markers, "fault-" + index))) {
                    throw new IOException("cannot place marker fault-" + index);
                }
            }
            case ZOOKEEPER_RESTART -> cluster.getZooKeeperServer().restart();
        }
    }

    /** A TaskManager JVM that runs tasks of the job (an idle one's loss would need no recovery). */
    private ProcessHandle taskManagerRunningTheJob(String appId) throws Exception {
        JsonNode overview = Http.getJson(restOf(dist.report(appId)) + "/jobs/overview");
        String jobId = overview.path("jobs").get(0).path("jid").asText();
        JsonNode job = Http.getJson(restOf(dist.report(appId)) + "/jobs/" + jobId);
        java.util.Set<String> busy = new java.util.HashSet<>();
        for (JsonNode vertex : job.path("vertices")) {
            for (JsonNode subtask : vertex.path("subtasks")) {
                busy.add(subtask.path("taskmanager-id").asText());
            }
        }
        return ProcessHandle.allProcesses()
                .filter(h -> h.info().commandLine().orElse("").contains("YarnTaskManagerRunner")
                        && h.info().command().orElse("").endsWith("java"))
                .filter(h -> busy.contains(YarnJobClustersTest.containerOf(h)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no TaskManager JVM runs tasks of the job: " + busy));
    }

    /**
     * Waits until the job recovered from the fault (a restore of a checkpoint at or after
     * {@code injectedAtMillis}, wall clock: every restart restores one; a fault that made nothing
     * restart is seen as 30 s without a restore) with every task RUNNING, and then until a checkpoint
     * newer than both {@code after} and the restored one completed. Returns both times (nanos).
     */
    private long[] awaitRunningAndNewCheckpoint(String appId, String jobId, long after, long injectedAtMillis)
            throws Exception {
        long start = System.nanoTime();
        long deadline = start + Duration.ofMinutes(3).toNanos();
        long running = -1;
        while (System.nanoTime() < deadline) {
            try {
                String rest = restOf(dist.report(appId));
                JsonNode job = Http.getJson(rest + "/jobs/" + jobId);
                JsonNode latest = Http.getJson(rest + "/jobs/" + jobId + "/checkpoints").path("latest");
                boolean allRunning = "RUNNING".equals(job.path("state").asText())
                        && job.path("status-counts").path("RUNNING").asInt() == job.path("vertices").size() * 2;
                JsonNode restored = latest.path("restored");
                boolean recovered = injectedAtMillis < 0
                        || restored.path("restore_timestamp").asLong(0) >= injectedAtMillis
                        || System.nanoTime() - start > Duration.ofSeconds(30).toNanos();
                if (running < 0 && allRunning && recovered) {
                    running = System.nanoTime();
                }
                long newer = Math.max(after, restored.path("id").asLong(-1));
                if (running > 0 && latest.path("completed").path("id").asLong(-1) > newer) {
                    return new long[] {running, System.nanoTime()};
                }
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                // the ApplicationMaster is being replaced, or its leadership regained: ask again
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + jobId + " did not run again with a new checkpoint within 3 minutes");
    }

    private long latestCompleted(String appId, String jobId) throws Exception {
        return Http.getJson(restOf(dist.report(appId)) + "/jobs/" + jobId + "/checkpoints").path("latest")
                .path("completed").path("id").asLong(-1);
    }

    private static String restOf(ApplicationReport r) {
        if (r.getYarnApplicationState() != YarnApplicationState.RUNNING || r.getRpcPort() <= 0) {
            throw new IllegalStateException("application " + r.getApplicationId() + " is " + r.getYarnApplicationState());
        }
        return "http://" + r.getHost() + ":" + r.getRpcPort();
    }

    private static void writeReport(List<Recovery> recoveries) {
        String file = System.getProperty("sluice.faults.report");
        if (file == null) {
            return;
        }
        StringBuilder csv = new StringBuilder("fault,kind,to_running_ms,to_new_checkpoint_ms\n");
        recoveries.forEach(r -> csv.append(r.index()).append(',').append(r.fault()).append(',')
                .append(r.toRunningMillis()).append(',').append(r.toCommitMillis()).append('\n'));
        try {
            Files.writeString(Path.of(file), csv);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
