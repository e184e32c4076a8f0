package io.sluice.ha.zookeeper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.StreamEnvironment;
import io.sluice.api.common.JobId;
import io.sluice.blob.BlobKey;
import io.sluice.common.JobResult;
import io.sluice.common.JobStatus;
import io.sluice.config.Configuration;
import io.sluice.graph.JobGraph;
import io.sluice.ha.CheckpointIdCounter;
import io.sluice.ha.CompletedCheckpoint;
import io.sluice.ha.CompletedCheckpointStore;
import io.sluice.ha.HighAvailabilityServices;
import io.sluice.ha.HighAvailabilityServicesLoader;
import io.sluice.ha.JobGraphStore;
import io.sluice.ha.JobResultStore;
import io.sluice.ha.StoredJobGraph;
import io.sluice.rpc.SerializedThrowable;
import io.sluice.translation.JobGraphGenerator;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contracts of the job graph, job result and checkpoint stores, the checkpoint id counter and
 * the blob store, against a real ZooKeeper and a real HDFS; cleanup of one job and of a whole cluster.
 */
@Timeout(120)
class ZooKeeperStoresTest {

    @TempDir
    static File base;

    static HaTestCluster cluster;

    Configuration config;
    ZooKeeperHaServices ha;
    String clusterId;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = HaTestCluster.start(base, 500);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @BeforeEach
    void createServices() throws Exception {
        clusterId = "stores-" + System.nanoTime();
        config = cluster.haConfiguration(clusterId);
        ha = open(config);
    }

    @AfterEach
    void closeServices() throws Exception {
        ha.close();
    }

    /** Through ServiceLoader, as the JobManager finds it. */
    static ZooKeeperHaServices open(Configuration config) throws Exception {
        HighAvailabilityServices services = HighAvailabilityServicesLoader.load(config, null);
        return (ZooKeeperHaServices) services;
    }

    static StoredJobGraph job(String name) {
        StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
        env.fromSequence(1, 10).writeAsText("file:///tmp/unused-" + name);
        JobGraph graph = JobGraphGenerator.translate(env.getStreamGraph(name));
        return new StoredJobGraph(graph, List.of(new BlobKey("a".repeat(64), 3, "job.jar")));
    }

    FileSystem fs() throws Exception {
        return cluster.fileSystem();
    }

    org.apache.hadoop.fs.Path hdfs(String relative) {
        return new org.apache.hadoop.fs.Path("/sluice-ha/" + clusterId + "/" + relative);
    }

    boolean znode(String path) throws Exception {
        return ha.curator().checkExists().forPath(path) != null;
    }

    @Test
    void jobGraphStoreAddsRecoversListsAndRemoves() throws Exception {
        JobGraphStore store = ha.jobGraphStore();
        StoredJobGraph job = job("graph-store");
        JobId id = job.jobGraph().jobId();
        assertTrue(store.jobIds().isEmpty());
        assertTrue(store.recover(id).isEmpty());

        store.put(job);
        assertEquals(List.of(id), List.copyOf(store.jobIds()));
        assertTrue(fs().listStatus(hdfs("jobgraphs/" + id)).length == 1, "payload on HDFS");

        try (ZooKeeperHaServices other = open(config)) {
            StoredJobGraph recovered = other.jobGraphStore().recover(id).orElseThrow();
            assertEquals(job.jobGraph().jobName(), recovered.jobGraph().jobName());
            assertEquals(job.jobGraph().vertices().size(), recovered.jobGraph().vertices().size());
            assertEquals(job.jars(), recovered.jars());
        }

        // replacing keeps one payload
        store.put(job);
        assertEquals(1, fs().listStatus(hdfs("jobgraphs/" + id)).length);

        assertTrue(store.remove(id));
        assertTrue(store.jobIds().isEmpty());
        assertFalse(fs().exists(hdfs("jobgraphs/" + id)), "payload deleted");
        assertTrue(store.remove(id), "idempotent");
    }

    @Test
    void jobGraphHeldByAnotherJobManagerIsNotDeleted() throws Exception {
        StoredJobGraph job = job("locked");
        JobId id = job.jobGraph().jobId();
        ha.jobGraphStore().put(job);
        try (ZooKeeperHaServices other = open(config)) {
            other.jobGraphStore().recover(id).orElseThrow(); // the other JobManager now holds it too
            assertFalse(ha.jobGraphStore().remove(id), "the other JobManager still uses it");
            assertEquals(List.of(id), List.copyOf(ha.jobGraphStore().jobIds()));
            assertTrue(fs().exists(hdfs("jobgraphs/" + id)));

            other.jobGraphStore().release(id);
            assertTrue(ha.jobGraphStore().remove(id));
        }
        assertTrue(ha.jobGraphStore().jobIds().isEmpty());
    }

    @Test
    void locksOfACrashedJobManagerVanishWithItsSession() throws Exception {
        StoredJobGraph job = job("crashed-holder");
        JobId id = job.jobGraph().jobId();
        ZooKeeperHaServices other = open(config);
        other.jobGraphStore().put(job);
        other.close(); // its session ends: its ephemeral lock goes, the entry stays for a new leader
        assertEquals(List.of(id), List.copyOf(ha.jobGraphStore().jobIds()));
        assertTrue(ha.jobGraphStore().recover(id).isPresent());
        assertTrue(ha.jobGraphStore().remove(id));
    }

    @Test
    void jobResultStoreDirtyThenClean() throws Exception {
        JobResultStore store = ha.jobResultStore();
        JobId id = JobId.generate();
        JobResult result = new JobResult(id, "r", JobStatus.FAILED, 10, 20, 2,
                SerializedThrowable.of(new IllegalStateException("boom")));
        assertFalse(store.hasJobResultEntry(id));

        store.createDirtyResult(result);
        assertTrue(store.hasDirtyJobResultEntry(id));
        assertFalse(store.hasCleanJobResultEntry(id));
        assertThrows(IllegalStateException.class, () -> store.createDirtyResult(result), "one result per job");
        assertEquals(JobStatus.FAILED, store.jobResult(id).orElseThrow().status(), "a dirty result is readable too");

        try (ZooKeeperHaServices other = open(config)) {
            List<JobResult> dirty = List.copyOf(other.jobResultStore().dirtyResults());
            assertEquals(1, dirty.size());
            JobResult read = dirty.get(0);
            assertEquals(id, read.jobId());
            assertEquals(JobStatus.FAILED, read.status());
            assertEquals(2, read.restarts());
            assertEquals(IllegalStateException.class.getName(), read.failureCause().originalClassName());
            assertEquals("boom", read.failureCause().getMessage());
        }

        store.markResultClean(id);
        store.markResultClean(id);
        assertTrue(store.hasCleanJobResultEntry(id));
        assertFalse(store.hasDirtyJobResultEntry(id));
        assertTrue(store.hasJobResultEntry(id));
        assertTrue(store.dirtyResults().isEmpty());
        // a clean result keeps its details: a new leader can say how the job ended without running it
        JobResult clean = store.jobResult(id).orElseThrow();
        assertEquals(JobStatus.FAILED, clean.status());
        assertEquals("boom", clean.failureCause().getMessage());
        assertTrue(store.jobResult(JobId.generate()).isEmpty());
    }

    @Test
    void checkpointStoreRetainsTheNewestAndDeletesSubsumed() throws Exception {
        JobId id = JobId.generate();
        CompletedCheckpointStore store = ha.completedCheckpointStore(id, 2);
        assertTrue(store.latest().isEmpty());
        for (long cp = 1; cp <= 4; cp++) {
            store.addCheckpoint(new CompletedCheckpoint(id, cp, 1000 + cp, ("meta-" + cp).getBytes(StandardCharsets.UTF_8)));
        }
        List<CompletedCheckpoint> retained = store.recover();
        assertEquals(List.of(3L, 4L), retained.stream().map(CompletedCheckpoint::checkpointId).toList());
        assertArrayEquals("meta-4".getBytes(StandardCharsets.UTF_8), store.latest().orElseThrow().metadata());
        assertEquals(2, fs().listStatus(hdfs("checkpoints/" + id)).length, "subsumed payloads deleted");

        // a new leader sees the same checkpoints
        try (ZooKeeperHaServices other = open(config)) {
            CompletedCheckpoint latest = other.completedCheckpointStore(id, 2).latest().orElseThrow();
            assertEquals(4, latest.checkpointId());
            assertEquals(1004, latest.timestamp());
        }

        store.shutdown(JobStatus.RESTARTING);
        assertEquals(2, store.recover().size(), "kept when the job is not globally terminal");
        store.shutdown(JobStatus.CANCELED);
        assertTrue(store.recover().isEmpty());
        assertFalse(znode("/checkpoints/" + id));
        assertFalse(fs().exists(hdfs("checkpoints/" + id)));
    }

    @Test
    void checkpointIdsAreUniqueAcrossConcurrentCounters() throws Exception {
        JobId id = JobId.generate();
        CheckpointIdCounter first = ha.checkpointIdCounter(id);
        first.start();
        assertEquals(1, first.get());
        assertEquals(1, first.getAndIncrement());
        try (ZooKeeperHaServices other = open(config)) {
            CheckpointIdCounter second = other.checkpointIdCounter(id);
            second.start(); // continues where the first left off
            assertEquals(2, second.get());
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<Long>> ids = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                CheckpointIdCounter c = i % 2 == 0 ? first : second;
                ids.add(pool.submit(c::getAndIncrement));
            }
            Set<Long> seen = new HashSet<>();
            for (Future<Long> f : ids) {
                assertTrue(seen.add(f.get()), "id handed out twice");
            }
            pool.shutdown();
            assertEquals(42, first.get());
            second.setCount(100);
            assertEquals(100, first.getAndIncrement());
        }
        first.shutdown(JobStatus.RUNNING);
        assertTrue(znode("/checkpoint-counter/" + id));
        first.shutdown(JobStatus.FINISHED);
        assertFalse(znode("/checkpoint-counter/" + id));
    }

    @Test
    void blobStoreKeepsJarsForTheNextLeader(@TempDir Path tmp) throws Exception {
        JobId id = JobId.generate();
        Path jar = Files.write(tmp.resolve("job.jar"), "jar bytes".getBytes(StandardCharsets.UTF_8));
        ha.blobStore().put(id, "b".repeat(64), jar);
        try (ZooKeeperHaServices other = open(config)) {
            Path copy = tmp.resolve("copy");
            assertTrue(other.blobStore().get(id, "b".repeat(64), copy));
            assertEquals("jar bytes", Files.readString(copy));
            assertFalse(other.blobStore().get(id, "c".repeat(64), tmp.resolve("none")));
        }
        ha.blobStore().deleteJob(id);
        assertFalse(fs().exists(hdfs("blobs/" + id)));
    }

    @Test
    void cleanupOfOneJobRemovesItsZnodesAndFiles(@TempDir Path tmp) throws Exception {
        JobId id = JobId.generate();
        JobId otherJob = JobId.generate();
        for (JobId j : List.of(id, otherJob)) {
            ha.completedCheckpointStore(j, 1).addCheckpoint(new CompletedCheckpoint(j, 1, 1, new byte[] {1}));
            ha.checkpointIdCounter(j).start();
            ha.blobStore().put(j, "d".repeat(64), Files.write(tmp.resolve(j + ".jar"), new byte[] {1, 2}));
        }
        ha.cleanupJobData(id);
        assertFalse(znode("/checkpoints/" + id));
        assertFalse(znode("/checkpoint-counter/" + id));
        assertFalse(fs().exists(hdfs("checkpoints/" + id)));
        assertFalse(fs().exists(hdfs("blobs/" + id)));
        assertTrue(znode("/checkpoints/" + otherJob), "other jobs keep their data");
        assertTrue(fs().exists(hdfs("blobs/" + otherJob)));
    }

    @Test
    void closeKeepsDataAndFinalShutdownDeletesTheWholeCluster() throws Exception {
        StoredJobGraph job = job("kept");
        ha.jobGraphStore().put(job);
        ha.close();
        ha = open(config);
        assertEquals(1, ha.jobGraphStore().jobIds().size(), "a normal close (failover) keeps the data");

        try (ZooKeeperHaServices neighbour = open(cluster.haConfiguration())) {
            neighbour.jobGraphStore().put(job("neighbour"));
            ha.closeAndCleanupAllData();
            assertNull(neighbour.curator().usingNamespace(null).checkExists().forPath("/sluice/" + clusterId));
            assertFalse(fs().exists(hdfs("")), "storageDir/<cluster-id> deleted");
            assertEquals(1, neighbour.jobGraphStore().jobIds().size(), "another cluster's data is untouched");
            assertNotNull(neighbour.curator().checkExists().forPath("/jobgraphs"));
        }
        ha = open(config); // for @AfterEach
    }
}
