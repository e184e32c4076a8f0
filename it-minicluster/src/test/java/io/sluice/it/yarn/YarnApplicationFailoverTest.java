package io.sluice.it.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.sandbox.EmbeddedHadoopCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * ApplicationMaster failover of an application cluster (main() runs in the AM): the AM JVM is
 * SIGKILLed while the job main() submitted runs; attempt 2 keeps the TaskManager containers, does
 * not run main() again (which would submit the job a second time) but follows the job the
 * Dispatcher recovered, and the application ends SUCCEEDED with the job's exact output, once.
 */
@Timeout(300)
class YarnApplicationFailoverTest {

    static final String PROGRAM = "io.sluice.examples.SequenceToText";

    @TempDir
    static Path tmp;

    static EmbeddedHadoopCluster cluster;
    static YarnDistribution dist;

    @BeforeAll
    static void start() throws Exception {
        cluster = YarnDistribution.startCluster("application-failover", 1, Map.of());
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

    @Test
    void amKilledWhileMainsJobRunsFollowsTheRecoveredJobInsteadOfRunningMainAgain() throws Exception {
        YarnDistribution.Result submit = dist.sluice(List.of("run", "-t", "yarn-application", "-d", "-p", "2",
                dist.examplesJar().toString(), "--output", dist.hdfs("/out/app-failover"), "--to", "6000", "--rate", "150"),
                Duration.ofMinutes(2));
        assertEquals(0, submit.exitCode(), submit.describe());
        String appId = submit.applicationId();
        YarnJobClustersTest.awaitProcess(appId, "YarnTaskManagerRunner", Duration.ofMinutes(2));
        ApplicationReport first = dist.report(appId);
        JsonNode before = Http.awaitJson("http://" + first.getHost() + ":" + first.getRpcPort() + "/jobs/overview",
                j -> j.path("jobs").toString().contains("RUNNING"), Duration.ofMinutes(1));
        assertEquals(1, before.path("jobs").size(), before.toString());
        String jobId = before.path("jobs").get(0).path("jid").asText();
        Set<String> taskManagers = taskManagerContainers(appId);

        YarnJobClustersTest.awaitProcess(appId, "YarnApplicationMaster", Duration.ofSeconds(10)).destroyForcibly();
        ApplicationReport second = dist.awaitReport(appId, r -> r.getCurrentApplicationAttemptId().getAttemptId() == 2
                && r.getYarnApplicationState() == YarnApplicationState.RUNNING && r.getRpcPort() > 0, Duration.ofMinutes(2));
        JsonNode after = Http.awaitJson("http://" + second.getHost() + ":" + second.getRpcPort() + "/jobs/overview",
                j -> j.path("jobs").toString().contains("RUNNING") || j.path("jobs").toString().contains("FINISHED"),
                Duration.ofMinutes(1));
        assertEquals(1, after.path("jobs").size(), "one job, not a second submission: " + after);
        assertEquals(jobId, after.path("jobs").get(0).path("jid").asText(), "the recovered job: " + after);
        assertEquals(taskManagers, taskManagerContainers(appId), "the same TaskManager containers, none new");

        ApplicationReport end = dist.awaitReport(appId, YarnDistribution::ended, Duration.ofMinutes(3));
        assertEquals(FinalApplicationStatus.SUCCEEDED, end.getFinalApplicationStatus(), end.getDiagnostics());
        assertTrue(end.getDiagnostics().contains("was not run again"), end.getDiagnostics());
        dist.assertSequenceOutput("/out/app-failover", 1, 6000);

        String firstLog = Files.readString(jobManagerLog(appId, 1));
        assertTrue(firstLog.contains("Running " + PROGRAM + ".main()"), "attempt 1 ran main()");
        String secondLog = Files.readString(jobManagerLog(appId, 2));
        assertTrue(secondLog.contains("Following recovered job 0 of the application, 'Sequence to text' (" + jobId + ")"),
                "attempt 2 followed the recovered job");
        assertFalse(secondLog.contains("Running " + PROGRAM + ".main()"), "attempt 2 did not run main() again");
        assertFalse(secondLog.contains("Submitted job"), "attempt 2 submitted nothing");
        assertEquals(List.of(), dist.stagingDirs(), "staging dir (with the application's job log) removed at the end");
        // the AM deletes its HA data right after it unregistered, i.e. about when YARN reports the end
        org.apache.hadoop.fs.Path haDir = new org.apache.hadoop.fs.Path("/sluice/ha/" + appId);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (cluster.getFileSystem().exists(haDir) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertFalse(cluster.getFileSystem().exists(haDir), "the application's HA data is gone");
    }

    @Test
    void aStopAfterTheFailoverCancelsTheFollowedJobAndTheApplicationEndsKilled() throws Exception {
        YarnDistribution.Result submit = dist.sluice(List.of("run", "-t", "yarn-application", "-d",
                dist.examplesJar().toString(), "--output", dist.hdfs("/out/app-stop"), "--to", "1000000", "--rate", "50"),
                Duration.ofMinutes(2));
        assertEquals(0, submit.exitCode(), submit.describe());
        String appId = submit.applicationId();
        ApplicationReport first = dist.awaitReport(appId, r -> r.getRpcPort() > 0, Duration.ofMinutes(1));
        Http.awaitJson("http://" + first.getHost() + ":" + first.getRpcPort() + "/jobs/overview",
                j -> j.path("jobs").toString().contains("RUNNING"), Duration.ofMinutes(2));

        YarnJobClustersTest.awaitProcess(appId, "YarnApplicationMaster", Duration.ofSeconds(10)).destroyForcibly();
        ApplicationReport second = dist.awaitReport(appId, r -> r.getCurrentApplicationAttemptId().getAttemptId() == 2
                && r.getYarnApplicationState() == YarnApplicationState.RUNNING && r.getRpcPort() > 0, Duration.ofMinutes(2));
        Http.awaitJson("http://" + second.getHost() + ":" + second.getRpcPort() + "/jobs/overview",
                j -> j.path("jobs").toString().contains("RUNNING"), Duration.ofMinutes(1));

        YarnDistribution.Result stop = dist.sluice(List.of("stop", "-yid", appId), Duration.ofMinutes(1));
        assertEquals(0, stop.exitCode(), stop.describe());
        ApplicationReport end = dist.awaitReport(appId, YarnDistribution::ended, Duration.ofMinutes(2));
        assertEquals(FinalApplicationStatus.KILLED, end.getFinalApplicationStatus(), end.getDiagnostics());
        assertTrue(end.getDiagnostics().contains("stopped by the user"), end.getDiagnostics());
        String secondLog = Files.readString(jobManagerLog(appId, 2));
        assertTrue(secondLog.contains("Following recovered job 0"), "attempt 2 followed the job");
        assertFalse(secondLog.contains("Running " + PROGRAM + ".main()"), "attempt 2 did not run main() again");
        assertFalse(dist.stagingDirs().contains(appId), "staging dir removed");
    }

    private static Set<String> taskManagerContainers(String appId) {
        String prefix = "container_" + appId.substring("application_".length());
        return ProcessHandle.allProcesses()
                .filter(h -> h.info().commandLine().orElse("").contains("YarnTaskManagerRunner"))
                .map(YarnJobClustersTest::containerOf)
                .filter(c -> c.startsWith(prefix))
                .collect(Collectors.toSet());
    }

    /** jobmanager.log of an attempt, from the NodeManager's log dir (kept: yarn.nodemanager.delete.debug-delay-sec). */
    private static Path jobManagerLog(String appId, int attempt) throws Exception {
        String container = String.format("container_%s_%02d_000001", appId.substring("application_".length()), attempt);
        try (Stream<Path> files = Files.walk(cluster.getBaseDir())) {
            List<Path> found = new ArrayList<>(files.filter(f -> f.endsWith(Path.of(appId, container, "jobmanager.log"))).toList());
            assertNotEquals(0, found.size(), "no jobmanager.log of " + container);
            return found.get(0);
        }
    }
}
