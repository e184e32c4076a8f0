package io.sluice.ha.zookeeper;

import io.sluice.config.Configuration;
import java.io.File;
import java.nio.file.Files;
import java.util.Map;
import java.util.UUID;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/**
 * A real ZooKeeper server (Curator's TestingServer) and a real HDFS (MiniDFSCluster, one DataNode)
 * in this JVM, plus the Sluice configuration that points at them. Reused by it-minicluster and the
 * benchmarks through the test jar.
 */
public final class HaTestCluster implements AutoCloseable {

    private final TestingServer zooKeeper;
    private final MiniDFSCluster hdfs;

    private HaTestCluster(TestingServer zooKeeper, MiniDFSCluster hdfs) {
        this.zooKeeper = zooKeeper;
        this.hdfs = hdfs;
    }

    /**
     * @param tickTimeMs ZooKeeper's tick; sessions may last 2 to 20 ticks, so a small tick allows
     *     the short session timeouts of fast failover
     */
    public static HaTestCluster start(File baseDir, int tickTimeMs) throws Exception {
        TestingServer zk = startZooKeeper(new File(baseDir, "zookeeper"), tickTimeMs);
        try {
            org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration();
            conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, new File(baseDir, "hdfs").getAbsolutePath());
            MiniDFSCluster hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
            hdfs.waitActive();
            return new HaTestCluster(zk, hdfs);
        } catch (Exception e) {
            zk.close();
            throw e;
        }
    }

    static TestingServer startZooKeeper(File dataDir, int tickTimeMs) throws Exception {
        Files.createDirectories(dataDir.toPath());
        InstanceSpec spec = new InstanceSpec(dataDir, -1, -1, -1, true, 1, tickTimeMs, 1000, Map.of(), "127.0.0.1");
        return new TestingServer(spec, true);
    }

    public TestingServer zooKeeper() {
        return zooKeeper;
    }

    public MiniDFSCluster hdfs() {
        return hdfs;
    }

    public String quorum() {
        return zooKeeper.getConnectString();
    }

    /** hdfs://host:port */
    public String hdfsUri() {
        return "hdfs://127.0.0.1:" + hdfs.getNameNodePort();
    }

    public org.apache.hadoop.fs.FileSystem fileSystem() throws java.io.IOException {
        return hdfs.getFileSystem();
    }

    /** ZooKeeper HA on this cluster, storage under hdfs:///sluice-ha, with a fresh cluster id. */
    public Configuration haConfiguration() {
        return haConfiguration("test-" + UUID.randomUUID().toString().substring(0, 8));
    }

    public Configuration haConfiguration(String clusterId) {
        Configuration config = new Configuration();
        config.setString("high-availability.type", "zookeeper");
        config.setString("high-availability.zookeeper.quorum", quorum());
        config.setString("high-availability.storageDir", hdfsUri() + "/sluice-ha");
        config.setString("high-availability.cluster-id", clusterId);
        config.setString("high-availability.zookeeper.client.session-timeout", "4 s");
        config.setString("high-availability.zookeeper.client.connection-timeout", "2 s");
        config.setString("high-availability.zookeeper.client.retry-wait", "100 ms");
        return config;
    }

    @Override
    public void close() throws Exception {
        try {
            hdfs.shutdown();
        } finally {
            zooKeeper.close();
        }
    }
}
