package io.sluice.ha.zookeeper;

import io.sluice.api.common.JobId;
import io.sluice.common.JobStatus;
import io.sluice.ha.CheckpointIdCounter;
import java.nio.ByteBuffer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * A job's next checkpoint id in {@code /checkpoint-counter/<jobId>} (8 bytes, big endian), changed
 * only by compare-and-set on the node's version, so that no two leaders ever hand out the same id.
 */
final class ZooKeeperCheckpointIdCounter implements CheckpointIdCounter {

    static final String PATH = "/checkpoint-counter";

    private final CuratorFramework client;
    private final String path;

    ZooKeeperCheckpointIdCounter(CuratorFramework client, JobId jobId) {
        this.client = client;
        this.path = PATH + "/" + jobId.toHexString();
    }

    static String path(JobId jobId) {
        return PATH + "/" + jobId.toHexString();
    }

    @Override
    public void start() throws Exception {
        try {
            client.create().creatingParentsIfNeeded().forPath(path, encode(1));
        } catch (KeeperException.NodeExistsException e) {
            // a previous leader started it: continue from its value
        }
    }

    @Override
    public long getAndIncrement() throws Exception {
        while (true) {
            Stat stat = new Stat();
            long current = decode(client.getData().storingStatIn(stat).forPath(path));
            try {
                client.setData().withVersion(stat.getVersion()).forPath(path, encode(current + 1));
                return current;
            } catch (KeeperException.BadVersionException raced) {
                // someone else incremented: read again
            }
        }
    }

    @Override
    public long get() throws Exception {
        return decode(client.getData().forPath(path));
    }

    @Override
    public void setCount(long next) throws Exception {
        if (next < 1) {
            throw new IllegalArgumentException("checkpoint ids start at 1, not " + next);
        }
        client.setData().forPath(path, encode(next));
    }

    @Override
    public void shutdown(JobStatus jobStatus) throws Exception {
        if (jobStatus.isGloballyTerminal()) {
            try {
                client.delete().forPath(path);
            } catch (KeeperException.NoNodeException gone) {
                // deleted before
            }
        }
    }

    private static byte[] encode(long value) {
        return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
    }

    private static long decode(byte[] data) {
        return ByteBuffer.wrap(data).getLong();
    }
}
