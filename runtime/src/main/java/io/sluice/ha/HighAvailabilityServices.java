package io.sluice.ha;

import io.sluice.api.common.JobId;
import io.sluice.blob.BlobStore;
import io.sluice.leader.LeaderElection;
import io.sluice.leader.LeaderRetrieval;
import java.util.function.Predicate;

/**
 * Everything a JobManager needs to survive its own death: leader election and retrieval for its
 * components, and the stores from which a new leader recovers jobs. One instance per process.
 *
 * <p>Implementations: {@link StandaloneHighAvailabilityServices} (one JobManager, nothing survives)
 * and the ZooKeeper + Hadoop FileSystem services of the {@code ha} module, found through
 * {@link HighAvailabilityServicesFactory} when {@code high-availability.type: zookeeper}.
 */
public interface HighAvailabilityServices extends AutoCloseable {

    String RESOURCE_MANAGER = "resourcemanager";
    String DISPATCHER = "dispatcher";

    /** Component id of a job's JobMaster in leader election and retrieval. */
    static String jobMasterComponent(JobId jobId) {
        return "job-" + jobId.toHexString();
    }

    /** True when state survives this process (jobs are recovered by the next leader). */
    boolean isHighlyAvailable();

    LeaderElection leaderElection(String componentId);

    LeaderRetrieval leaderRetrieval(String componentId);

    JobGraphStore jobGraphStore();

    JobResultStore jobResultStore();

    /** Where job jars live beyond this process, so that a new leader's blob server can serve them. */
    BlobStore blobStore();

    CompletedCheckpointStore completedCheckpointStore(JobId jobId, int maxRetainedCheckpoints) throws Exception;

    CheckpointIdCounter checkpointIdCounter(JobId jobId) throws Exception;

    /**
     * Removes what this service keeps for a job that is done: its leader information, completed
     * checkpoints, checkpoint counter and jars. The job graph is removed through the
     * {@link JobGraphStore}; the job result stays (it is what prevents a re-run).
     */
    void cleanupJobData(JobId jobId) throws Exception;

    /**
     * Removes the leader-election entries of contenders that the caller KNOWS are dead, so that a
     * live contender becomes leader at once instead of after the dead one's ZooKeeper session
     * expires. Every contender registers under its instance id ({@code high-availability.instance-id},
     * a random id by default). Calling this for a live instance takes leadership away from it
     * without telling it, so only pass a predicate that is certain (for example, on YARN: the id of an
     * earlier application attempt whose container YARN reported as completed). Fencing tokens keep
     * the messages of an evicted leader harmless. Standalone services have nothing to evict.
     *
     * @return the number of dead instances whose entries were removed
     */
    default int evictDeadInstances(Predicate<String> isDeadInstance) throws Exception {
        return 0;
    }

    /** This process's instance id in leader election (see {@link #evictDeadInstances}). */
    default String instanceId() {
        return "standalone";
    }

    /** Stops the services; all data stays for the next leader (failover). */
    @Override
    void close() throws Exception;

    /**
     * Stops the services and deletes every piece of this cluster's HA data (all jobs, leader
     * entries, stored jars). Only for a cluster that ends for good, never on failover.
     */
    void closeAndCleanupAllData() throws Exception;
}
