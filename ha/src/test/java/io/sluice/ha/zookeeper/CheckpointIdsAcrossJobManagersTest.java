package io.sluice.ha.zookeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.checkpoint.CheckpointingMode;
import io.sluice.api.checkpoint.ExternalizedCheckpointRetention;
import io.sluice.api.common.JobId;
import io.sluice.checkpoint.CheckpointCoordinator;
import io.sluice.checkpoint.CheckpointMetadata;
import io.sluice.checkpoint.CheckpointMetrics;
import io.sluice.checkpoint.CheckpointPlan;
import io.sluice.checkpoint.CheckpointSettings;
import io.sluice.checkpoint.CheckpointStorage;
import io.sluice.checkpoint.TaskStateSnapshot;
import io.sluice.common.ExecutionAttemptId;
import io.sluice.common.JobStatus;
import io.sluice.config.Configuration;
import io.sluice.ha.HighAvailabilityServicesLoader;
import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JobManager that takes over a job (a new YARN attempt) continues its checkpoint ids from
 * ZooKeeper: the checkpoint coordinator of the new JobManager, with its own ZooKeeper session,
 * never hands out an id of the old one, not even of a checkpoint that never completed. ZooKeeper
 * only (checkpoint payloads in a local directory), so no HDFS is started.
 */
@Timeout(60)
class CheckpointIdsAcrossJobManagersTest {

    @TempDir
    static File base;

    static TestingServer zooKeeper;

    @BeforeAll
    static void startZooKeeper() throws Exception {
        zooKeeper = HaTestCluster.startZooKeeper(new File(base, "zookeeper"), 500);
    }

    @AfterAll
    static void stopZooKeeper() throws Exception {
        if (zooKeeper != null) {
            zooKeeper.close();
        }
    }

    /** What the coordinator is told to do; the executors run inline, so each call completes at once. */
    static final class RecordingJob implements CheckpointCoordinator.JobAccess {
        final ExecutionAttemptId task = ExecutionAttemptId.generate();
        final List<Long> triggered = new ArrayList<>();

        @Override
        public CheckpointPlan currentPlan(StringBuilder reason) {
            return new CheckpointPlan(List.of(task), Map.of(task,
                    new CheckpointPlan.Task("v", "Source -> Sink", 0, 1, 128, List.of("op"))));
        }

        @Override
        public void trigger(ExecutionAttemptId source, long checkpointId, long timestamp) {
            triggered.add(checkpointId);
        }

        @Override
        public void notifyComplete(ExecutionAttemptId task, long checkpointId) {
        }

        @Override
        public void notifyAborted(ExecutionAttemptId task, long checkpointId) {
        }

        @Override
        public void failJob(Throwable cause) {
            throw new AssertionError("no checkpoint fails here", cause);
        }
    }

    private static Configuration haConfiguration(String clusterId) {
        Configuration config = new Configuration();
        config.setString("high-availability.type", "zookeeper");
        config.setString("high-availability.zookeeper.quorum", zooKeeper.getConnectString());
        config.setString("high-availability.storageDir", new File(base, "ha-storage").toURI().toString());
        config.setString("high-availability.cluster-id", clusterId);
        config.setString("high-availability.zookeeper.client.session-timeout", "4 s");
        config.setString("high-availability.zookeeper.client.connection-timeout", "2 s");
        config.setString("high-availability.zookeeper.client.retry-wait", "100 ms");
        return config;
    }

    private static CheckpointCoordinator coordinator(ZooKeeperHaServices ha, JobId jobId, String checkpointDir,
                                                     RecordingJob job) {
        CheckpointSettings settings = new CheckpointSettings(null, CheckpointingMode.EXACTLY_ONCE, Duration.ofMinutes(1),
                Duration.ZERO, 1, 0, checkpointDir, 1, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        return new CheckpointCoordinator(jobId.toHexString(), settings,
                new CheckpointStorage(checkpointDir, jobId.toHexString()), ha.completedCheckpointStore(jobId, 1),
                ha.checkpointIdCounter(jobId), job, Runnable::run, (action, delay) -> { }, Runnable::run,
                System::currentTimeMillis);
    }

    private static long complete(CheckpointCoordinator coordinator, RecordingJob job) throws Exception {
        CompletableFuture<Long> done = coordinator.triggerCheckpoint();
        long id = job.triggered.get(job.triggered.size() - 1);
        coordinator.acknowledge(job.task, id, new TaskStateSnapshot(Map.of()), new CheckpointMetrics(0, 0, 0, 0));
        return done.get();
    }

    @Test
    void aNewJobManagerContinuesTheIdsOfTheOldOne() throws Exception {
        String clusterId = "ids-" + System.nanoTime();
        String checkpointDir = new File(base, "checkpoints").toURI().toString();
        JobId jobId = JobId.generate();

        RecordingJob firstJob = new RecordingJob();
        try (ZooKeeperHaServices first = (ZooKeeperHaServices) HighAvailabilityServicesLoader.load(
                haConfiguration(clusterId), null)) {
            CheckpointCoordinator coordinator = coordinator(first, jobId, checkpointDir, firstJob);
            coordinator.recover(null).get();
            assertEquals(1, complete(coordinator, firstJob));
            assertEquals(2, complete(coordinator, firstJob));
            coordinator.triggerCheckpoint(); // 3 never completes: the JobManager dies with it in flight
            assertEquals(List.of(1L, 2L, 3L), firstJob.triggered);
            coordinator.shutdown(JobStatus.RUNNING).get(); // not globally terminal: ids and checkpoints stay
        }

        RecordingJob secondJob = new RecordingJob();
        try (ZooKeeperHaServices second = (ZooKeeperHaServices) HighAvailabilityServicesLoader.load(
                haConfiguration(clusterId), null)) {
            CheckpointCoordinator coordinator = coordinator(second, jobId, checkpointDir, secondJob);
            coordinator.recover(null).get();
            assertEquals(2, coordinator.latestCompletedId(), "the completed checkpoint comes from ZooKeeper");
            assertEquals(List.of(2L), coordinator.retained().stream().map(CheckpointMetadata::checkpointId).toList());
            assertEquals(4, complete(coordinator, secondJob));
            assertEquals(5, complete(coordinator, secondJob));
            assertTrue(second.curator().checkExists().forPath(ZooKeeperCheckpointIdCounter.path(jobId)) != null);
            coordinator.shutdown(JobStatus.FINISHED).get();
        }
    }
}
