package io.sluice.sandbox;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.util.ShutdownHookManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox JVM that {@code bin/sandbox start} launches in the background: runs an
 * {@link EmbeddedHadoopCluster} until it receives SIGTERM.
 *
 * <p>Layout under {@code --dir} (the distribution's {@code sandbox/} folder): {@code data/} (ZooKeeper,
 * HDFS, YARN; reused when it survives a {@code stop --keep}), {@code hadoop-conf/}, {@code conf/}, and
 * {@code sandbox.state}, written last, which tells the script that everything serves.
 */
public final class SandboxMain {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxMain.class);

    /** Above Hadoop's FileSystem cache hook (10): stop the cluster while its clients still work. */
    private static final int SHUTDOWN_HOOK_PRIORITY = 100;

    private SandboxMain() {}

    public static void main(String[] args) {
        SandboxOptions options;
        try {
            options = SandboxOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("Error: " + e.getMessage());
            System.err.println(SandboxOptions.USAGE);
            System.exit(2);
            return;
        }
        try {
            run(options);
        } catch (Throwable t) {
            LOG.error("The sandbox failed to start", t);
            try {
                SandboxState.writeFailed(options.dir(), String.valueOf(t.getMessage()));
            } catch (IOException e) {
                LOG.error("Cannot write {}", options.dir().resolve(SandboxState.FAILED_FILE), e);
            }
            System.exit(1);
        }
    }

    private static void run(SandboxOptions options) throws Exception {
        Path dir = options.dir();
        SandboxState.clear(dir);
        long startNanos = System.nanoTime();
        EmbeddedHadoopCluster cluster = EmbeddedHadoopCluster.builder()
                .baseDir(dir.resolve("data"))
                .nodeManagers(options.nodeManagers())
                .nodeManagerMemoryMb(options.nodeManagerMemoryMb())
                .nodeManagerVcores(options.nodeManagerVcores())
                .start();
        CountDownLatch stopped = new CountDownLatch(1);
        ShutdownHookManager.get().addShutdownHook(() -> {
            LOG.info("Stopping the sandbox");
            try {
                SandboxState.clear(dir);
            } catch (IOException e) {
                LOG.warn("Cannot remove the state file", e);
            }
            cluster.close();
            stopped.countDown();
        }, SHUTDOWN_HOOK_PRIORITY, 60, TimeUnit.SECONDS);

        prepareHdfs(cluster);
        cluster.writeHadoopConfDir(dir.resolve("hadoop-conf"));
        SluiceConfDir.write(options.distConfDir(), dir.resolve("conf"),
                SluiceConfDir.sandboxSettings(cluster.getZooKeeperConnectString(), cluster.getDefaultFs()));

        Map<String, String> state = new LinkedHashMap<>();
        state.put("pid", Long.toString(ProcessHandle.current().pid()));
        state.put("started", Instant.now().toString());
        state.put("startup.ms", Long.toString(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos)));
        state.put("nodemanagers", Integer.toString(options.nodeManagers()));
        state.put("nodemanager.memory.mb", Integer.toString(options.nodeManagerMemoryMb()));
        state.put("nodemanager.vcores", Integer.toString(options.nodeManagerVcores()));
        state.put("rm.web", "http://" + cluster.getResourceManagerWebAddress());
        state.put("rm.address", cluster.getResourceManagerAddress());
        state.put("namenode.web", "http://" + cluster.getNameNodeWebAddress());
        state.put("fs.defaultFS", cluster.getDefaultFs());
        state.put("zookeeper", cluster.getZooKeeperConnectString());
        state.put("hadoop.conf.dir", dir.resolve("hadoop-conf").toString());
        state.put("sluice.conf.dir", dir.resolve("conf").toString());
        SandboxState.writeReady(dir, state);
        LOG.info("Sandbox ready in {} ms: {}", state.get("startup.ms"), state);
        stopped.await();
    }

    /** The dirs a Sluice user needs: a home dir (the YARN staging area lives there) and /sluice. */
    private static void prepareHdfs(EmbeddedHadoopCluster cluster) throws IOException {
        FileSystem fs = cluster.getFileSystem();
        String user = UserGroupInformation.getCurrentUser().getShortUserName();
        org.apache.hadoop.fs.Path home = new org.apache.hadoop.fs.Path("/user/" + user);
        fs.mkdirs(home);
        fs.mkdirs(new org.apache.hadoop.fs.Path("/sluice"));
        org.apache.hadoop.fs.Path tmp = new org.apache.hadoop.fs.Path("/tmp");
        fs.mkdirs(tmp);
        fs.setPermission(tmp, new FsPermission((short) 01777));
    }
}
