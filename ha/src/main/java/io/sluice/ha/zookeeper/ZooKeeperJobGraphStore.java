package io.sluice.ha.zookeeper;

import io.sluice.api.common.JobId;
import io.sluice.ha.JobGraphStore;
import io.sluice.ha.StoredJobGraph;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.curator.framework.CuratorFramework;
import org.apache.hadoop.fs.Path;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Job graphs on the HA storage ({@code jobgraphs/<jobId>/jobgraph-<uuid>}) with a pointer znode
 * {@code /jobgraphs/<jobId>} holding the file's path. Each JobManager that put or recovered a job
 * holds an ephemeral lock child {@code /jobgraphs/<jobId>/<instance-id>}; ZooKeeper refuses to delete
 * a node with children, so an entry another live JobManager still holds is never deleted, and locks
 * of a crashed JobManager vanish with its session.
 */
final class ZooKeeperJobGraphStore implements JobGraphStore {

    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperJobGraphStore.class);
    static final String PATH = "/jobgraphs";

    private final CuratorFramework client;
    private final HaStorage storage;
    private final String instanceId;

    ZooKeeperJobGraphStore(CuratorFramework client, HaStorage storage, String instanceId) {
        this.client = client;
        this.storage = storage;
        this.instanceId = instanceId;
    }

    static String pointer(JobId jobId) {
        return PATH + "/" + jobId.toHexString();
    }

    private String lock(JobId jobId) {
        return pointer(jobId) + "/" + instanceId;
    }

    Path jobDir(JobId jobId) {
        return storage.resolve("jobgraphs/" + jobId.toHexString());
    }

    @Override
    public void put(StoredJobGraph job) throws Exception {
        JobId jobId = job.jobGraph().jobId();
        Path file = new Path(jobDir(jobId), "jobgraph-" + UUID.randomUUID());
        storage.write(file, job.toBytes());
        byte[] target = file.toString().getBytes(StandardCharsets.UTF_8);
        String previous = null;
        try {
            client.create().creatingParentsIfNeeded().forPath(pointer(jobId), target);
        } catch (KeeperException.NodeExistsException e) {
            previous = new String(client.getData().forPath(pointer(jobId)), StandardCharsets.UTF_8);
            client.setData().forPath(pointer(jobId), target);
        }
        takeLock(jobId);
        if (previous != null && !previous.equals(file.toString())) {
            storage.delete(new Path(previous));
        }
        LOG.info("Stored the job graph of job {} at {}", jobId, file);
    }

    private void takeLock(JobId jobId) throws Exception {
        try {
            client.create().withMode(CreateMode.EPHEMERAL).forPath(lock(jobId));
        } catch (KeeperException.NodeExistsException alreadyOurs) {
            // locked by this instance before
        }
    }

    @Override
    public Optional<StoredJobGraph> recover(JobId jobId) throws Exception {
        byte[] target;
        try {
            target = client.getData().forPath(pointer(jobId));
            takeLock(jobId);
        } catch (KeeperException.NoNodeException e) {
            return Optional.empty();
        }
        Path file = new Path(new String(target, StandardCharsets.UTF_8));
        try {
            return Optional.of(StoredJobGraph.fromBytes(storage.read(file)));
        } catch (java.io.IOException e) {
            release(jobId);
            throw new java.io.IOException("cannot read the job graph of job " + jobId + " from " + file + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public Collection<JobId> jobIds() throws Exception {
        List<JobId> ids = new ArrayList<>();
        try {
            for (String child : client.getChildren().forPath(PATH)) {
                try {
                    ids.add(JobId.fromHexString(child));
                } catch (IllegalArgumentException e) {
                    LOG.warn("Ignoring {}/{}: not a job id", PATH, child);
                }
            }
        } catch (KeeperException.NoNodeException e) {
            // no job was ever stored
        }
        return ids;
    }

    @Override
    public boolean remove(JobId jobId) throws Exception {
        release(jobId);
        try {
            client.delete().forPath(pointer(jobId));
        } catch (KeeperException.NotEmptyException stillLocked) {
            List<String> holders = client.getChildren().forPath(pointer(jobId));
            LOG.info("Job graph of job {} is still locked by {}; leaving it", jobId, holders);
            return false;
        } catch (KeeperException.NoNodeException gone) {
            // removed before
        }
        storage.delete(jobDir(jobId));
        return true;
    }

    @Override
    public void release(JobId jobId) throws Exception {
        try {
            client.delete().forPath(lock(jobId));
        } catch (KeeperException.NoNodeException notHeld) {
            // nothing to release
        }
    }

    /** Deletes the locks that dead instances hold (see HighAvailabilityServices#evictDeadInstances). */
    void evictLocksOf(java.util.function.Predicate<String> isDead) throws Exception {
        for (JobId jobId : jobIds()) {
            try {
                for (String holder : client.getChildren().forPath(pointer(jobId))) {
                    if (!holder.equals(instanceId) && isDead.test(holder)) {
                        client.delete().forPath(pointer(jobId) + "/" + holder);
                        LOG.info("Removed the job graph lock of dead instance {} on job {}", holder, jobId);
                    }
                }
            } catch (KeeperException.NoNodeException gone) {
                // removed meanwhile
            }
        }
    }
}
