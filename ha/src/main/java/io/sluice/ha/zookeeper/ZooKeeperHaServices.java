package io.sluice.ha.zookeeper;

import io.sluice.api.common.JobId;
import io.sluice.blob.BlobStore;
import io.sluice.config.Configuration;
import io.sluice.config.IllegalConfigurationException;
import io.sluice.ha.CheckpointIdCounter;
import io.sluice.ha.CompletedCheckpointStore;
import io.sluice.ha.HighAvailabilityServices;
import io.sluice.ha.JobGraphStore;
import io.sluice.ha.JobResultStore;
import io.sluice.leader.LeaderElection;
import io.sluice.leader.LeaderRetrieval;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * High availability on ZooKeeper (election, pointers, counters) and a Hadoop FileSystem (payloads).
 *
 * <p>Layout, ZooKeeper under {@code <path.root>/<cluster-id>}: {@code /leader-latch/<seq>} (one
 * ephemeral node per contending JobManager, data = instance id), {@code /leader/<component>/connection_info},
 * {@code /jobgraphs/<jobId>[/<instance-id> locks]}, {@code /checkpoints/<jobId>/<id>},
 * {@code /checkpoint-counter/<jobId>}. Storage under {@code <storageDir>/<cluster-id>}:
 * {@code jobgraphs/}, {@code blobs/}, {@code checkpoints/}, {@code job-results/}.
 */
public final class ZooKeeperHaServices implements HighAvailabilityServices {

    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperHaServices.class);

    private final CuratorFramework client;
    private final String clusterPath;
    private final HaStorage storage;
    private final String instanceId;
    private final ZooKeeperLeaderElectionService election;
    private final ZooKeeperJobGraphStore jobGraphs;
    private final FileSystemJobResultStore jobResults;
    private final FileSystemBlobStore blobs;

    private ZooKeeperHaServices(CuratorFramework client, String clusterPath, HaStorage storage, String instanceId) {
        this.client = client;
        this.clusterPath = clusterPath;
        this.storage = storage;
        this.instanceId = instanceId;
        this.election = new ZooKeeperLeaderElectionService(client, instanceId);
        this.jobGraphs = storage == null ? null : new ZooKeeperJobGraphStore(client, storage, instanceId);
        this.jobResults = storage == null ? null : new FileSystemJobResultStore(storage);
        this.blobs = storage == null ? null : new FileSystemBlobStore(storage);
    }

    /**
     * Leader retrieval only (TaskManagers): connects to ZooKeeper but does not open the storage
     * directory, which a TaskManager never uses.
     */
    public static ZooKeeperHaServices createForLeaderRetrieval(Configuration config) throws Exception {
        new ZooKeeperHaConfigOptionsProvider().validate(config);
        CuratorFramework client = CuratorClients.connect(config);
        return new ZooKeeperHaServices(client, CuratorClients.clusterPath(config), null,
                "retrieval-" + UUID.randomUUID());
    }

    private HaStorage storage() {
        if (storage == null) {
            throw new IllegalStateException("these high-availability services only retrieve leaders (TaskManager); "
                    + "they have no storage");
        }
        return storage;
    }

    /**
     * Connects to ZooKeeper (within the connection timeout) and checks that the storage directory
     * is writable; either failure ends in one message naming the option to fix.
     */
    public static ZooKeeperHaServices create(Configuration config, org.apache.hadoop.conf.Configuration hadoopConf)
            throws Exception {
        new ZooKeeperHaConfigOptionsProvider().validate(config);
        String storageDir = config.getOptional(ZooKeeperHaOptions.STORAGE_DIR).filter(s -> !s.isBlank()).orElseThrow(() ->
                new IllegalConfigurationException("high-availability.type is zookeeper but '"
                        + ZooKeeperHaOptions.STORAGE_DIR.key() + "' is not set: name a directory on a shared file "
                        + "system, e.g. hdfs:///sluice/ha"));
        String instanceId = config.getOptional(ZooKeeperHaOptions.INSTANCE_ID).filter(s -> !s.isBlank())
                .orElseGet(() -> UUID.randomUUID().toString());
        if (instanceId.contains("/")) {
            throw new IllegalConfigurationException("'" + ZooKeeperHaOptions.INSTANCE_ID.key() + "' is '" + instanceId
                    + "': it must not contain '/'");
        }
        CuratorFramework client = CuratorClients.connect(config);
        try {
            HaStorage storage = HaStorage.open(storageDir, config.get(ZooKeeperHaOptions.CLUSTER_ID), hadoopConf);
            String clusterPath = CuratorClients.clusterPath(config);
            LOG.info("High availability on ZooKeeper {} (path {}), storage {}, instance {}",
                    config.get(ZooKeeperHaOptions.QUORUM), clusterPath, storage.clusterDir(), instanceId);
            return new ZooKeeperHaServices(client, clusterPath, storage, instanceId);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    @Override
    public boolean isHighlyAvailable() {
        return true;
    }

    @Override
    public String instanceId() {
        return instanceId;
    }

    /** True while this process holds the leader latch. */
    public boolean isLeader() {
        return election.isLeader();
    }

    /** The Curator client (namespace = this cluster's path), for tests and tools. */
    public CuratorFramework curator() {
        return client;
    }

    @Override
    public LeaderElection leaderElection(String componentId) {
        return election.election(componentId);
    }

    @Override
    public LeaderRetrieval leaderRetrieval(String componentId) {
        return new ZooKeeperLeaderRetrieval(client, componentId);
    }

    @Override
    public JobGraphStore jobGraphStore() {
        storage();
        return jobGraphs;
    }

    @Override
    public JobResultStore jobResultStore() {
        storage();
        return jobResults;
    }

    @Override
    public BlobStore blobStore() {
        storage();
        return blobs;
    }

    @Override
    public CompletedCheckpointStore completedCheckpointStore(JobId jobId, int maxRetainedCheckpoints) {
        return new ZooKeeperCompletedCheckpointStore(client, storage(), jobId, maxRetainedCheckpoints);
    }

    @Override
    public CheckpointIdCounter checkpointIdCounter(JobId jobId) {
        return new ZooKeeperCheckpointIdCounter(client, jobId);
    }

    @Override
    public void cleanupJobData(JobId jobId) throws Exception {
        deleteZNode("/leader/" + HighAvailabilityServices.jobMasterComponent(jobId));
        deleteZNode(ZooKeeperCompletedCheckpointStore.jobPath(jobId));
        deleteZNode(ZooKeeperCheckpointIdCounter.path(jobId));
        storage().delete(ZooKeeperCompletedCheckpointStore.jobDir(storage, jobId));
        blobs.deleteJob(jobId);
    }

    private void deleteZNode(String path) throws Exception {
        try {
            client.delete().deletingChildrenIfNeeded().forPath(path);
        } catch (KeeperException.NoNodeException gone) {
            // nothing stored
        }
    }

    /**
     * Removes the leader latch entries and job graph locks of instances that {@code isDeadInstance}
     * says are dead. See {@link HighAvailabilityServices#evictDeadInstances}: only for instances known
     * to be dead (e.g. an earlier YARN application attempt whose container has completed); a live
     * contender evicted this way keeps believing it leads until it notices, and only fencing protects
     * against it.
     */
    @Override
    public int evictDeadInstances(Predicate<String> isDeadInstance) throws Exception {
        Set<String> evicted = new HashSet<>(election.evict(isDeadInstance));
        if (jobGraphs != null) {
            jobGraphs.evictLocksOf(isDeadInstance);
        }
        return evicted.size();
    }

    @Override
    public void close() {
        election.close();
        client.close();
    }

    @Override
    public void closeAndCleanupAllData() throws Exception {
        election.close();
        try {
            LOG.info("Deleting all high-availability data of this cluster: ZooKeeper {} and {}", clusterPath,
                    storage().clusterDir());
            try {
                client.usingNamespace(null).delete().deletingChildrenIfNeeded().forPath(clusterPath);
            } catch (KeeperException.NoNodeException gone) {
                // nothing in ZooKeeper
            }
            storage.delete(storage.clusterDir());
        } finally {
            client.close();
        }
    }
}
