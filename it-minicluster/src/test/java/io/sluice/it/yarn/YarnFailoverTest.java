package io.sluice.it.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.sandbox.EmbeddedHadoopCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * JobManager failover on YARN: the AM JVM is SIGKILLed while a checkpointing job runs; YARN starts
 * attempt 2, which keeps the TaskManager containers (same container ids, no new ones), recovers the
 * job and its latest checkpoint from ZooKeeper + HDFS (REST says which one: it did not start over),
 * and the job finishes with exactly-once output.
 */
@Timeout(300)
class YarnFailoverTest {

    @TempDir
    static Path tmp;

    static EmbeddedHadoopCluster cluster;
    static YarnDistribution dist;

    @BeforeAll
    static void start() throws Exception {
        cluster = YarnDistribution.startCluster("failover", 1, Map.of());
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
    void amKilledWhileAJobRunsKeepsTheTaskManagersAndTheJobFinishes() throws Exception {
        YarnDistribution.Result submit = dist.sluice(List.of("run", "-t", "yarn-per-job", "-d", "-p", "2",
                dist.examplesJar().toString(), "--output", dist.hdfs("/out/failover"), "--to", "6000", "--rate", "150",
                "--checkpointing", "300"),
                Duration.ofMinutes(2));
        assertEquals(0, submit.exitCode(), submit.describe());
        String appId = submit.applicationId();
        YarnJobClustersTest.awaitProcess(appId, "YarnTaskManagerRunner", Duration.ofMinutes(2));
        ApplicationReport first = dist.report(appId);
        String firstRest = "http://" + first.getHost() + ":" + first.getRpcPort();
        com.fasterxml.jackson.databind.JsonNode overview = Http.awaitJson(firstRest + "/jobs/overview",
                j -> j.path("jobs").toString().contains("RUNNING"), Duration.ofMinutes(1));
        String jobId = overview.path("jobs").get(0).path("jid").asText();
        Http.awaitJson(firstRest + "/jobs/" + jobId + "/checkpoints",
                j -> j.path("counts").path("completed").asInt() >= 2, Duration.ofMinutes(1));
        Set<String> before = taskManagerContainers(appId);

        YarnJobClustersTest.awaitProcess(appId, "YarnApplicationMaster", Duration.ofSeconds(10)).destroyForcibly();
        ApplicationReport second = dist.awaitReport(appId, r -> r.getCurrentApplicationAttemptId().getAttemptId() == 2
                && r.getYarnApplicationState() == YarnApplicationState.RUNNING && r.getRpcPort() > 0, Duration.ofMinutes(2));
        Http.awaitJson("http://" + second.getHost() + ":" + second.getRpcPort() + "/jobs/overview",
                j -> j.path("jobs").toString().contains("RUNNING") || j.path("jobs").toString().contains("FINISHED"),
                Duration.ofMinutes(1));
        assertEquals(before, taskManagerContainers(appId), "the same TaskManager containers, none new");
        com.fasterxml.jackson.databind.JsonNode restored = Http.awaitJson("http://" + second.getHost() + ":"
                + second.getRpcPort() + "/jobs/" + jobId + "/checkpoints",
                j -> j.path("latest").path("restored").path("id").asLong() >= 2, Duration.ofMinutes(1));
        org.junit.jupiter.api.Assertions.assertTrue(restored.path("counts").path("restored").asInt() >= 1, restored.toString());
        // attempt 2's REST shows them as kept from the previous attempt, re-registered
        Http.awaitJson("http://" + second.getHost() + ":" + second.getRpcPort() + "/resourcemanager/workers", j -> {
            int recovered = 0;
            for (com.fasterxml.jackson.databind.JsonNode w : j.path("workers")) {
                if (before.contains(w.path("id").asText()) && w.path("recovered").asBoolean()
                        && w.path("recoveredAt").asLong() > 0 && w.path("registeredAt").asLong() >= w.path("recoveredAt").asLong()) {
                    recovered++;
                }
            }
            return recovered == before.size();
        }, Duration.ofMinutes(1));

        ApplicationReport end = dist.awaitReport(appId, YarnDistribution::ended, Duration.ofMinutes(3));
        assertEquals(FinalApplicationStatus.SUCCEEDED, end.getFinalApplicationStatus(), end.getDiagnostics());
        dist.assertSequenceOutput("/out/failover", 1, 6000);
        assertEquals(List.of(), dist.stagingDirs(), "staging dir removed by the last attempt");
        org.apache.hadoop.fs.FileSystem fs = cluster.getFileSystem();
        org.apache.hadoop.fs.Path checkpoints = new org.apache.hadoop.fs.Path(fs.getHomeDirectory(),
                ".sluice/checkpoints/" + jobId);
        org.junit.jupiter.api.Assertions.assertFalse(fs.exists(checkpoints),
                "the finished job's checkpoints (default directory on YARN) are deleted: " + checkpoints);
    }

    private static Set<String> taskManagerContainers(String appId) {
        String prefix = "container_" + appId.substring("application_".length());
        return ProcessHandle.allProcesses()
                .filter(h -> h.info().commandLine().orElse("").contains("YarnTaskManagerRunner"))
                .map(h -> YarnJobClustersTest.containerOf(h))
                .filter(c -> c.startsWith(prefix))
                .collect(Collectors.toSet());
    }
}
