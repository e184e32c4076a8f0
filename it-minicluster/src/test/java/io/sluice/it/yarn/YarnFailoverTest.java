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
 * JobManager failover on YARN: the AM JVM is SIGKILLed while a job runs; YARN starts attempt 2,
 * which keeps the TaskManager containers (same container ids, no new ones), recovers the job from
 * ZooKeeper + HDFS, and the job finishes with exact output.
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
                dist.examplesJar().toString(), "--output", dist.hdfs("/out/failover"), "--to", "6000", "--rate", "150"),
                Duration.ofMinutes(2));
        assertEquals(0, submit.exitCode(), submit.describe());
        String appId = submit.applicationId();
        YarnJobClustersTest.awaitProcess(appId, "YarnTaskManagerRunner", Duration.ofMinutes(2));
        ApplicationReport first = dist.report(appId);
        Http.awaitJson("http://" + first.getHost() + ":" + first.getRpcPort() + "/jobs/overview",
                j -> j.path("jobs").toString().contains("RUNNING"), Duration.ofMinutes(1));
        Set<String> before = taskManagerContainers(appId);

        YarnJobClustersTest.awaitProcess(appId, "YarnApplicationMaster", Duration.ofSeconds(10)).destroyForcibly();
        ApplicationReport second = dist.awaitReport(appId, r -> r.getCurrentApplicationAttemptId().getAttemptId() == 2
                && r.getYarnApplicationState() == YarnApplicationState.RUNNING && r.getRpcPort() > 0, Duration.ofMinutes(2));
        Http.awaitJson("http://" + second.getHost() + ":" + second.getRpcPort() + "/jobs/overview",
                j -> j.path("jobs").toString().contains("RUNNING") || j.path("jobs").toString().contains("FINISHED"),
                Duration.ofMinutes(1));
        assertEquals(before, taskManagerContainers(appId), "the same TaskManager containers, none new");
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
