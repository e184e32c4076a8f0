package io.sluice.ha.zookeeper;

import io.sluice.api.common.JobId;
import io.sluice.common.JobStatus;
import io.sluice.ha.CompletedCheckpoint;
import io.sluice.ha.CompletedCheckpointStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.curator.framework.CuratorFramework;
import org.apache.hadoop.fs.Path;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Completed checkpoints of one job: metadata on the HA storage
 * ({@code checkpoints/<jobId>/checkpoint-<id>-<uuid>}), a pointer znode per checkpoint
 * {@code /checkpoints/<jobId>/<id, 19 digits>} so that ZooKeeper's child order is id order. Only the
 * job's JobMaster (one leader at a time, fenced) writes here.
 */
final class ZooKeeperCompletedCheckpointStore implements CompletedCheckpointStore {

    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperCompletedCheckpointStore.class);
    static final String PATH = "/checkpoints";

    private final CuratorFramework client;
    private final HaStorage storage;
    private final JobId jobId;
    private final int maxRetained;

    ZooKeeperCompletedCheckpointStore(CuratorFramework client, HaStorage storage, JobId jobId, int maxRetained) {
        if (maxRetained < 1) {
            throw new IllegalArgumentException("at least one checkpoint must be retained, not " + maxRetained);
        }
        this.client = client;
        this.storage = storage;
        this.jobId = jobId;
        this.maxRetained = maxRetained;
    }

    static String jobPath(JobId jobId) {
        return PATH + "/" + jobId.toHexString();
    }

    static Path jobDir(HaStorage storage, JobId jobId) {
        return storage.resolve("checkpoints/" + jobId.toHexString());
    }

    private static String node(long checkpointId) {
        return String.format("%019d", checkpointId);
    }

    @Override
    public void addCheckpoint(CompletedCheckpoint checkpoint) throws Exception {
        if (!checkpoint.jobId().equals(jobId)) {
            throw new IllegalArgumentException("checkpoint of job " + checkpoint.jobId() + " added to the store of " + jobId);
        }
        Path file = new Path(jobDir(storage, jobId), "checkpoint-" + checkpoint.checkpointId() + "-" + UUID.randomUUID());
        storage.write(file, checkpoint.toBytes());
        try {
            client.create().creatingParentsIfNeeded().forPath(jobPath(jobId) + "/" + node(checkpoint.checkpointId()),
                    file.toString().getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            storage.delete(file);
            throw e;
        }
        List<String> children = sortedChildren();
        for (int i = 0; i < children.size() - maxRetained; i++) {
            discard(children.get(i));
        }
    }

    private List<String> sortedChildren() throws Exception {
        try {
            List<String> children = new ArrayList<>(client.getChildren().forPath(jobPath(jobId)));
            children.sort(null);
            return children;
        } catch (KeeperException.NoNodeException e) {
            return List.of();
        }
    }

    /** Pointer first, then payload: a crash in between leaves an orphan file, never a dangling pointer. */
    private void discard(String child) throws Exception {
        String path = jobPath(jobId) + "/" + child;
        try {
            byte[] target = client.getData().forPath(path);
            client.delete().forPath(path);
            storage.delete(new Path(new String(target, StandardCharsets.UTF_8)));
            LOG.debug("Discarded subsumed checkpoint {} of job {}", Long.parseLong(child), jobId);
        } catch (KeeperException.NoNodeException gone) {
            // discarded by someone else
        }
    }

    @Override
    public List<CompletedCheckpoint> recover() throws Exception {
        List<CompletedCheckpoint> result = new ArrayList<>();
        for (String child : sortedChildren()) {
            String path = jobPath(jobId) + "/" + child;
            try {
                Path file = new Path(new String(client.getData().forPath(path), StandardCharsets.UTF_8));
                result.add(CompletedCheckpoint.fromBytes(storage.read(file)));
            } catch (KeeperException.NoNodeException gone) {
                // subsumed meanwhile
            } catch (java.io.IOException e) {
                // An unreadable checkpoint is skipped: an older one is better than none.
                LOG.warn("Checkpoint {} of job {} cannot be read and is skipped: {}", child, jobId, e.toString());
            }
        }
        return result;
    }

    @Override
    public Optional<CompletedCheckpoint> latest() throws Exception {
        List<CompletedCheckpoint> all = recover();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    @Override
    public int maxRetained() {
        return maxRetained;
    }

    @Override
    public void shutdown(JobStatus jobStatus) throws Exception {
        if (!jobStatus.isGloballyTerminal()) {
            LOG.info("Keeping the checkpoints of job {} ({}) for the next leader", jobId, jobStatus);
            return;
        }
        for (String child : sortedChildren()) {
            discard(child);
        }
        try {
            client.delete().deletingChildrenIfNeeded().forPath(jobPath(jobId));
        } catch (KeeperException.NoNodeException gone) {
            // nothing left
        }
        storage.delete(jobDir(storage, jobId));
    }
}
