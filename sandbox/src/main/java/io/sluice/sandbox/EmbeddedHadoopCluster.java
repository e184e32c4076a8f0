package io.sluice.sandbox;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CommonConfigurationKeysPublic;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.hdfs.DFSConfigKeys;
import org.apache.hadoop.hdfs.HdfsConfiguration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.net.NetUtils;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;
import org.apache.hadoop.yarn.server.resourcemanager.scheduler.capacity.CapacityScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A ZooKeeper server, an HDFS (MiniDFSCluster, one DataNode) and a YARN cluster (MiniYARNCluster,
 * one ResourceManager, N NodeManagers) in the calling JVM, on loopback with free ports: the Hadoop
 * of the sandbox ({@code bin/sandbox}) and of the integration tests.
 *
 * <p>It behaves like a small real cluster: the capacity scheduler, log aggregation into HDFS,
 * physical-memory enforcement, containers that get Hadoop from {@code yarn.application.classpath}
 * (this JVM's Hadoop jars, nothing else), {@code JAVA_HOME} set for containers, and a working
 * ResourceManager web UI, REST API and web proxy. Heartbeats are 100 ms and shutdown waits are short,
 * so containers are allocated in a fraction of a second and the cluster stops in seconds.
 *
 * <p>The JVM that hosts it needs {@code --add-opens java.base/java.lang=ALL-UNNAMED} (Guice in the
 * ResourceManager web app on JDK 17). Run one at a time per JVM: Hadoop's web apps share static state
 * (see {@link ResourceManagerWebUiFix}), so only the last one started has a working RM web UI.
 */
public final class EmbeddedHadoopCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedHadoopCluster.class);

    private final Path baseDir;
    private final boolean deleteBaseDirOnClose;
    private final TestingServer zooKeeper;
    private final MiniDFSCluster dfs;
    private final MiniYARNCluster yarn;
    private final YarnConfiguration configuration;

    private EmbeddedHadoopCluster(Builder builder) throws IOException {
        this.deleteBaseDirOnClose = builder.baseDir == null;
        this.baseDir = builder.baseDir != null
                ? builder.baseDir.toAbsolutePath()
                : Files.createTempDirectory("sluice-hadoop-");
        Files.createDirectories(baseDir);
        TestingServer zk = null;
        MiniDFSCluster hdfs = null;
        MiniYARNCluster yarnCluster = null;
        try {
            zk = startZooKeeper(baseDir.resolve("zookeeper"));
            hdfs = startHdfs(baseDir.resolve("hdfs"), builder);
            yarnCluster = startYarn(hdfs, baseDir.resolve("yarn"), builder);
        } catch (Exception e) {
            stopQuietly(yarnCluster, hdfs, zk);
            throw new IOException("Could not start the embedded Hadoop cluster in " + baseDir + ": " + e, e);
        }
        this.zooKeeper = zk;
        this.dfs = hdfs;
        this.yarn = yarnCluster;
        YarnConfiguration live = new YarnConfiguration(yarnCluster.getConfig());
        live.set(CommonConfigurationKeysPublic.FS_DEFAULT_NAME_KEY, hdfs.getURI().toString());
        live.set(DFSConfigKeys.DFS_NAMENODE_HTTP_ADDRESS_KEY,
                NetUtils.getHostPortString(hdfs.getNameNode().getHttpAddress()));
        this.configuration = live;
        LOG.info("Embedded Hadoop cluster up: ZooKeeper {}, HDFS {} (UI http://{}), YARN RM UI http://{}, base dir {}",
                getZooKeeperConnectString(), live.get(CommonConfigurationKeysPublic.FS_DEFAULT_NAME_KEY),
                getNameNodeWebAddress(), getResourceManagerWebAddress(), baseDir);
    }

    public static Builder builder() {
        return new Builder();
    }

    private static TestingServer startZooKeeper(Path dataDir) throws Exception {
        Files.createDirectories(dataDir);
        // Allow the session timeouts HA users configure (1 s for fast failover tests .. 60 s).
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("minSessionTimeout", "1000");
        props.put("maxSessionTimeout", "60000");
        InstanceSpec spec = new InstanceSpec(dataDir.toFile(), -1, -1, -1, false, -1, -1, -1, props, "127.0.0.1");
        return new TestingServer(spec, true);
    }

    private static MiniDFSCluster startHdfs(Path dir, Builder builder) throws IOException {
        Configuration conf = new HdfsConfiguration();
        conf.set("hadoop.tmp.dir", dir.resolve("tmp").toString());
        conf.setInt(DFSConfigKeys.DFS_REPLICATION_KEY, 1);
        builder.overrides.forEach(conf::set);
        // Restarting on kept data (bin/sandbox stop --keep) reuses the formatted name dir.
        // (MiniDFSCluster keeps the NameNode's first name dir in <base>/name-0-1.)
        boolean format = !Files.isRegularFile(dir.resolve("name-0-1").resolve("current").resolve("VERSION"));
        MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf, dir.toFile())
                .numDataNodes(1)
                .format(format)
                .build();
        cluster.waitActive();
        return cluster;
    }

    private static MiniYARNCluster startYarn(MiniDFSCluster hdfs, Path yarnDir, Builder builder) throws Exception {
        YarnConfiguration conf = new YarnConfiguration(hdfs.getConfiguration(0));
        conf.set(CommonConfigurationKeysPublic.FS_DEFAULT_NAME_KEY, hdfs.getURI().toString());

        conf.set(YarnConfiguration.RM_SCHEDULER, CapacityScheduler.class.getName());
        conf.setFloat("yarn.scheduler.capacity.maximum-am-resource-percent", builder.maximumAmResourcePercent);
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, builder.minimumAllocationMb);
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_MB, builder.nodeManagerMemoryMb);
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_VCORES, builder.nodeManagerVcores);

        // NodeManager size: MiniYARNCluster copies its own key over the standard one.
        conf.setInt(YarnConfiguration.NM_PMEM_MB, builder.nodeManagerMemoryMb);
        conf.setInt(YarnConfiguration.YARN_MINICLUSTER_NM_PMEM_MB, builder.nodeManagerMemoryMb);
        conf.setInt(YarnConfiguration.NM_VCORES, builder.nodeManagerVcores);
        // Kill containers that exceed their physical memory, as a real cluster does; virtual memory
        // limits only produce false kills of JVMs (large reserved address space).
        conf.setBoolean(YarnConfiguration.YARN_MINICLUSTER_CONTROL_RESOURCE_MONITORING, builder.enforceMemory);
        conf.setBoolean(YarnConfiguration.NM_PMEM_CHECK_ENABLED, builder.enforceMemory);
        conf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
        // A sandbox on a laptop with a full disk should still run containers.
        conf.setFloat(YarnConfiguration.NM_MAX_PER_DISK_UTILIZATION_PERCENTAGE, 99.5f);
        conf.setLong(YarnConfiguration.NM_MIN_PER_DISK_FREE_SPACE_MB, 0);

        // 100 ms NodeManager heartbeats: container allocation in ~0.25 s instead of ~2 s.
        String heartbeat = Integer.toString(builder.heartbeatIntervalMs);
        conf.set(YarnConfiguration.RM_NM_HEARTBEAT_INTERVAL_MS, heartbeat);
        conf.set("yarn.resourcemanager.nodemanagers.heartbeat-interval-min-ms", heartbeat);
        conf.set("yarn.resourcemanager.nodemanagers.heartbeat-interval-max-ms", heartbeat);
        // Stop containers fast (NodeManager shutdown 35-39 s -> a few seconds).
        conf.setLong(YarnConfiguration.NM_PROCESS_KILL_WAIT_MS, 100);
        conf.setLong(YarnConfiguration.NM_SLEEP_DELAY_BEFORE_SIGKILL_MS, 100);

        // Container logs are aggregated into HDFS, so `yarn logs -applicationId` works after the end.
        conf.setBoolean(YarnConfiguration.LOG_AGGREGATION_ENABLED, true);
        conf.set(YarnConfiguration.NM_REMOTE_APP_LOG_DIR, "/tmp/logs");

        // Containers find Java and Hadoop the way they do on a real cluster.
        conf.set(YarnConfiguration.NM_ADMIN_USER_ENV, "JAVA_HOME=" + System.getProperty("java.home"));
        List<String> classpath = builder.applicationClasspath != null
                ? builder.applicationClasspath
                : HadoopClasspath.ofThisJvm();
        conf.setStrings(YarnConfiguration.YARN_APPLICATION_CLASSPATH, classpath.toArray(String[]::new));

        // MiniYARNCluster's default is a path without scheme, which would land on HDFS
        conf.set("yarn.node-attribute.fs-store.root-dir", yarnDir.resolve("nodeattributes").toUri().toString());

        builder.overrides.forEach(conf::set);

        MiniYARNCluster cluster = newMiniYarnCluster(yarnDir, builder);
        cluster.init(conf);
        cluster.start();
        if (!cluster.waitForNodeManagersToConnect(60_000)) {
            throw new IOException("NodeManagers did not register with the ResourceManager within 60 s");
        }
        // After the last web app has started, so that nothing overwrites the routes again.
        ResourceManagerWebUiFix.apply(cluster.getResourceManager());
        ResourceManagerWebUiFix.setProxyAddress(cluster.getResourceManager(),
                cluster.getConfig().get(YarnConfiguration.RM_WEBAPP_ADDRESS));
        return cluster;
    }

    /** MiniYARNCluster puts its work dirs under the "test.build.data" system property. */
    private static MiniYARNCluster newMiniYarnCluster(Path yarnDir, Builder builder) throws IOException {
        Files.createDirectories(yarnDir);
        synchronized (EmbeddedHadoopCluster.class) {
            String previous = System.getProperty("test.build.data");
            System.setProperty("test.build.data", yarnDir.toString());
            try {
                return new MiniYARNCluster(builder.clusterName, 1, builder.nodeManagers, 1, 1);
            } finally {
                if (previous == null) {
                    System.clearProperty("test.build.data");
                } else {
                    System.setProperty("test.build.data", previous);
                }
            }
        }
    }

    /**
     * A copy of the running cluster's configuration: fs.defaultFS, the ResourceManager's real
     * addresses, yarn.application.classpath and every other setting above.
     */
    public YarnConfiguration getConfiguration() {
        return new YarnConfiguration(configuration);
    }

    /**
     * Writes core-site.xml, hdfs-site.xml and yarn-site.xml into {@code dir} (created if needed), for a
     * client in another JVM ({@code HADOOP_CONF_DIR}).
     */
    public void writeHadoopConfDir(Path dir) throws IOException {
        HadoopConfDir.write(configuration, dir);
    }

    /** host:port of the ZooKeeper server. */
    public String getZooKeeperConnectString() {
        return zooKeeper.getConnectString();
    }

    /** host:port of the ResourceManager web UI, REST API ({@code /ws/v1/cluster}) and proxy. */
    public String getResourceManagerWebAddress() {
        return configuration.get(YarnConfiguration.RM_WEBAPP_ADDRESS);
    }

    /** host:port of the ResourceManager's client RPC endpoint. */
    public String getResourceManagerAddress() {
        return configuration.get(YarnConfiguration.RM_ADDRESS);
    }

    /** The RM web proxy's address of an application: what its "Tracking UI" link in the RM UI opens. */
    public String getProxyUrl(ApplicationId applicationId) {
        return "http://" + getResourceManagerWebAddress() + "/proxy/" + applicationId + "/";
    }

    /** host:port of the NameNode web UI. */
    public String getNameNodeWebAddress() {
        return configuration.get(DFSConfigKeys.DFS_NAMENODE_HTTP_ADDRESS_KEY);
    }

    /** hdfs://host:port, the cluster's fs.defaultFS. */
    public String getDefaultFs() {
        return configuration.get(CommonConfigurationKeysPublic.FS_DEFAULT_NAME_KEY);
    }

    /** The NameNode's RPC address (host and port), e.g. for tests that build their own clients. */
    public InetSocketAddress getNameNodeAddress() {
        return dfs.getNameNode().getNameNodeAddress();
    }

    /** The HDFS file system (shared instance; do not close it). */
    public FileSystem getFileSystem() throws IOException {
        return dfs.getFileSystem();
    }

    /** The directory under which ZooKeeper, HDFS and YARN keep their data and logs. */
    public Path getBaseDir() {
        return baseDir;
    }

    /** For tests that need to reach inside YARN (stop a NodeManager, look at the scheduler). */
    public MiniYARNCluster getYarnCluster() {
        return yarn;
    }

    /** For tests that need to reach inside HDFS. */
    public MiniDFSCluster getDfsCluster() {
        return dfs;
    }

    /** For tests that stop and restart ZooKeeper (session loss). */
    public TestingServer getZooKeeperServer() {
        return zooKeeper;
    }

    /** Stops YARN, HDFS and ZooKeeper; deletes the base dir if it was a temporary one. */
    @Override
    public void close() {
        stopQuietly(yarn, dfs, zooKeeper);
        if (deleteBaseDirOnClose) {
            FileUtil.fullyDelete(baseDir.toFile());
        }
    }

    private static void stopQuietly(MiniYARNCluster yarn, MiniDFSCluster dfs, TestingServer zooKeeper) {
        if (yarn != null) {
            try {
                yarn.stop();
            } catch (RuntimeException e) {
                LOG.warn("Stopping YARN failed", e);
            }
        }
        if (dfs != null) {
            try {
                dfs.shutdown();
            } catch (RuntimeException e) {
                LOG.warn("Stopping HDFS failed", e);
            }
        }
        if (zooKeeper != null) {
            try {
                zooKeeper.close();
            } catch (IOException | RuntimeException e) {
                LOG.warn("Stopping ZooKeeper failed", e);
            }
        }
    }

    /** Settings of an {@link EmbeddedHadoopCluster}; {@link #start()} starts it. */
    public static final class Builder {
        private Path baseDir;
        private String clusterName = "sluice-sandbox";
        private int nodeManagers = 1;
        private int nodeManagerMemoryMb = 4096;
        private int nodeManagerVcores = 8;
        private int minimumAllocationMb = 256;
        private float maximumAmResourcePercent = 0.5f;
        private int heartbeatIntervalMs = 100;
        private boolean enforceMemory = true;
        private List<String> applicationClasspath;
        private final Map<String, String> overrides = new LinkedHashMap<>();

        private Builder() {}

        /** Where data and logs go; default: a new temporary dir, deleted by {@link #close()}. A given
         *  dir is kept, and HDFS data found in it is reused. */
        public Builder baseDir(Path dir) {
            this.baseDir = dir;
            return this;
        }

        /** Name of the YARN mini cluster (its work dir under the base dir). Default sluice-sandbox. */
        public Builder clusterName(String name) {
            this.clusterName = name;
            return this;
        }

        /** Number of NodeManagers; default 1. */
        public Builder nodeManagers(int count) {
            this.nodeManagers = requirePositive(count, "nodeManagers");
            return this;
        }

        /** Memory each NodeManager offers, also the maximum container size; default 4096 MB. */
        public Builder nodeManagerMemoryMb(int mb) {
            this.nodeManagerMemoryMb = requirePositive(mb, "nodeManagerMemoryMb");
            return this;
        }

        /** Vcores each NodeManager offers, also the maximum per container; default 8. */
        public Builder nodeManagerVcores(int vcores) {
            this.nodeManagerVcores = requirePositive(vcores, "nodeManagerVcores");
            return this;
        }

        /** yarn.scheduler.minimum-allocation-mb: requests are rounded up to it; default 256. */
        public Builder minimumAllocationMb(int mb) {
            this.minimumAllocationMb = requirePositive(mb, "minimumAllocationMb");
            return this;
        }

        /** Capacity scheduler's maximum-am-resource-percent (0..1]: share of the queue that AMs may
         *  use; default 0.5, so a session and a per-job AM run side by side. */
        public Builder maximumAmResourcePercent(float fraction) {
            if (!(fraction > 0 && fraction <= 1)) {
                throw new IllegalArgumentException("maximumAmResourcePercent must be in (0, 1], was " + fraction);
            }
            this.maximumAmResourcePercent = fraction;
            return this;
        }

        /** ResourceManager <-> NodeManager heartbeat; default 100 ms. */
        public Builder heartbeatIntervalMs(int ms) {
            this.heartbeatIntervalMs = requirePositive(ms, "heartbeatIntervalMs");
            return this;
        }

        /** Whether NodeManagers kill containers over their physical memory; default true. */
        public Builder enforceMemory(boolean enforce) {
            this.enforceMemory = enforce;
            return this;
        }

        /** yarn.application.classpath; default: the Hadoop jars of this JVM's classpath. */
        public Builder applicationClasspath(List<String> entries) {
            this.applicationClasspath = new ArrayList<>(entries);
            return this;
        }

        /** Any Hadoop/YARN setting, applied last (e.g. yarn.resourcemanager.am.max-attempts). */
        public Builder set(String key, String value) {
            overrides.put(key, value);
            return this;
        }

        public EmbeddedHadoopCluster start() throws IOException {
            return new EmbeddedHadoopCluster(this);
        }

        private static int requirePositive(int value, String name) {
            if (value <= 0) {
                throw new IllegalArgumentException(name + " must be positive, was " + value);
            }
            return value;
        }
    }
}
