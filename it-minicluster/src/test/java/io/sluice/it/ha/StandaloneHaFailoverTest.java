package io.sluice.it.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.ha.zookeeper.HaTestCluster;
import io.sluice.it.standalone.Distribution;
import io.sluice.it.standalone.JobOutput;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Standalone high availability with the real distribution: two {@code bin/sluice jobmanager}
 * processes and two TaskManagers on ZooKeeper (TestingServer) and HDFS (MiniDFSCluster) in this JVM.
 */
@Timeout(600)
class StandaloneHaFailoverTest {

    @TempDir
    static File base;

    static HaTestCluster backing;

    @TempDir
    Path tmp;

    Distribution dist;

    @BeforeAll
    static void startZooKeeperAndHdfs() throws Exception {
        backing = HaTestCluster.start(base, 200); // ZooKeeper allows sessions of 0.4 to 4 s
    }

    @AfterAll
    static void stopZooKeeperAndHdfs() throws Exception {
        if (backing != null) {
            backing.close();
        }
    }

    @AfterEach
    void stopProcesses() throws Exception {
        if (dist != null) {
            dist.stopAll();
        }
    }

    private HaCluster startCluster() throws Exception {
        dist = new Distribution(Files.createDirectories(tmp.resolve("log")));
        HaCluster cluster = new HaCluster(dist, backing, "it-" + UUID.randomUUID().toString().substring(0, 8), "2 s");
        cluster.startJobManager("jm-1");
        assertEquals(0, cluster.awaitLeader(Duration.ofSeconds(60), 0), "the only JobManager leads");
        cluster.startJobManager("jm-2");
        cluster.startTaskManager("taskmanager-1", 2);
        cluster.startTaskManager("taskmanager-2", 2);
        Distribution.awaitJson(cluster.rest(0) + "/overview", o -> o.path("taskmanagers").asInt() == 2,
                Duration.ofSeconds(60));
        return cluster;
    }

    /** 2 subtasks x 12000 records at 600/s each: about 20 s of work. */
    private String submit(HaCluster cluster, Path out) throws Exception {
        Distribution.Result submit = dist.run(List.of("run", "-d", "-m", "localhost:" + cluster.restPorts.get(0),
                "-p", "2", dist.examplesJar().toString(), "--output", out.toUri().toString(), "--to", "24000",
                "--rate", "600"), Duration.ofMinutes(1));
        assertEquals(0, submit.exitCode(), submit.stderr());
        String jobId = submit.stdout().trim();
        cluster.awaitJob(jobId, j -> HaCluster.allRunning(j, 2), Duration.ofSeconds(60));
        return jobId;
    }

    @Test
    void killedLeaderIsReplacedByTheStandbyWhichRecoversTheJob() throws Exception {
        HaCluster cluster = startCluster();
        Path out = tmp.resolve("out");
        String jobId = submit(cluster, out);
        Thread.sleep(3000); // the job is well under way

        Process leader = cluster.jobManagers.get(0);
        leader.destroyForcibly(); // kill -9: no goodbye to ZooKeeper, its session has to expire
        assertTrue(leader.waitFor(10, TimeUnit.SECONDS));
        long killed = System.nanoTime();

        assertEquals(1, cluster.awaitLeader(Duration.ofSeconds(60), 1), "the standby took over");
        cluster.awaitJob(jobId, j -> HaCluster.allRunning(j, 2), Duration.ofSeconds(60));
        System.out.printf("leader kill -> job RUNNING again on the standby: %d ms%n",
                (System.nanoTime() - killed) / 1_000_000);
        JsonNode overview = Distribution.getJson(cluster.rest(1) + "/overview");
        assertEquals(2, overview.path("taskmanagers").asInt(), "both TaskManagers re-registered with the new leader");

        JsonNode done = cluster.awaitJob(jobId, HaCluster::ended, Duration.ofSeconds(180));
        assertEquals("FINISHED", done.path("state").asText(), done.toString());
        JobOutput.assertExact(out, 1, 24000);
        assertEquals(2, JobOutput.partFiles(out));

        assertJobDataRemoved(cluster, jobId);
    }

    /**
     * The leader dies while a checkpointing stateful job runs: the standby recovers the job and its
     * latest checkpoint from ZooKeeper + HDFS (REST says which: it did not start over), and the
     * committed output on HDFS is exactly a failure-free run's.
     */
    @Test
    void killedLeaderResumesACheckpointedJobFromItsLatestCheckpoint() throws Exception {
        HaCluster cluster = startCluster();
        FileSystem hdfs = backing.fileSystem();
        String out = hdfs.getUri() + "/out-stateful-" + cluster.clusterId;
        long events = 24_000;
        int keys = 50;
        long reportEvery = 20;
        Distribution.Result submit = dist.run(List.of("run", "-d", "-m", "localhost:" + cluster.restPorts.get(0),
                "-p", "2", dist.home.resolve("examples/stateful.jar").toString(), "--count", String.valueOf(events),
                "--keys", String.valueOf(keys), "--rate", "600", "--report-every", String.valueOf(reportEvery),
                "--checkpointing", "500", "--output", out), Duration.ofMinutes(1));
        assertEquals(0, submit.exitCode(), submit.stderr());
        String jobId = submit.stdout().trim();
        Distribution.awaitJson(cluster.rest(0) + "/jobs/" + jobId + "/checkpoints",
                j -> j.path("counts").path("completed").asInt() >= 2, Duration.ofSeconds(60));

        Process leader = cluster.jobManagers.get(0);
        leader.destroyForcibly();
        assertTrue(leader.waitFor(10, TimeUnit.SECONDS));
        assertEquals(1, cluster.awaitLeader(Duration.ofSeconds(60), 1), "the standby took over");
        JsonNode restored = Distribution.awaitJson(cluster.rest(1) + "/jobs/" + jobId + "/checkpoints",
                j -> j.path("latest").path("restored").path("id").asLong() >= 2, Duration.ofSeconds(60));
        assertTrue(restored.path("counts").path("restored").asInt() >= 1, restored.toString());

        JsonNode done = cluster.awaitJob(jobId, HaCluster::ended, Duration.ofSeconds(180));
        assertEquals("FINISHED", done.path("state").asText(), done.toString());
        assertEquals(io.sluice.it.standalone.StatefulOutput.expected(events, keys, reportEvery),
                io.sluice.it.standalone.StatefulOutput.committed(hdfs, new org.apache.hadoop.fs.Path(out)));
        assertJobDataRemoved(cluster, jobId);
        org.apache.hadoop.fs.Path checkpoints = new org.apache.hadoop.fs.Path("/sluice-ha/checkpoints/" + jobId);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (hdfs.exists(checkpoints) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertFalse(hdfs.exists(checkpoints), "a finished job's checkpoints are deleted: " + checkpoints);
    }

    @Test
    void zooKeeperOutageMakesTheLeaderStepDownAndTheJobSurvives() throws Exception {
        HaCluster cluster = startCluster();
        Path out = tmp.resolve("out");
        String jobId = submit(cluster, out);
        Thread.sleep(2000);

        backing.zooKeeper().stop();
        try {
            // SUSPENDED: the leader steps down, its REST API answers 503 like a standby's
            awaitNoLeader(cluster, Duration.ofSeconds(30));
            Thread.sleep(4000); // longer than the 2 s session timeout
        } finally {
            backing.zooKeeper().restart();
        }
        int leader = cluster.awaitLeader(Duration.ofSeconds(60), 0, 1);
        JsonNode done = cluster.awaitJob(jobId, HaCluster::ended, Duration.ofSeconds(180));
        assertEquals("FINISHED", done.path("state").asText(), "on JobManager " + leader + ": " + done);
        JobOutput.assertExact(out, 1, 24000);
        assertJobDataRemoved(cluster, jobId);
    }

    private static void awaitNoLeader(HaCluster cluster, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            boolean anyLeader = false;
            for (int i = 0; i < cluster.restPorts.size(); i++) {
                try {
                    Distribution.getJson(cluster.rest(i) + "/overview");
                    anyLeader = true;
                } catch (IOException e) {
                    // 503: not leader
                }
            }
            if (!anyLeader) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("a JobManager kept leading without ZooKeeper for " + timeout);
    }

    /** The job's znodes and HDFS files are gone once it finished; only its (clean) result remains. */
    private static void assertJobDataRemoved(HaCluster cluster, String jobId) throws Exception {
        String zk = "/sluice/" + cluster.clusterId;
        FileSystem hdfs = backing.fileSystem();
        org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path("/sluice-ha/" + cluster.clusterId);
        org.apache.hadoop.fs.Path cleanResult = new org.apache.hadoop.fs.Path(dir, "job-results/" + jobId + ".json");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!hdfs.exists(cleanResult) && System.nanoTime() < deadline) {
            Thread.sleep(100); // cleanup runs right after the job ends
        }
        assertTrue(hdfs.exists(cleanResult), "clean job result " + cleanResult);
        try (CuratorFramework client = cluster.zooKeeperClient()) {
            assertNull(client.checkExists().forPath(zk + "/jobgraphs/" + jobId), "job graph pointer");
            assertNull(client.checkExists().forPath(zk + "/leader/job-" + jobId), "JobMaster leader entry");
            assertTrue(client.checkExists().forPath(zk + "/leader-latch") != null, "the cluster itself lives on");
        }
        assertFalse(hdfs.exists(new org.apache.hadoop.fs.Path(dir, "jobgraphs/" + jobId)), "stored job graph");
        assertFalse(hdfs.exists(new org.apache.hadoop.fs.Path(dir, "blobs/" + jobId)), "stored jars");
        assertFalse(hdfs.exists(new org.apache.hadoop.fs.Path(dir, "job-results/" + jobId + "_DIRTY.json")));
    }
}
