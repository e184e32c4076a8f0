package io.sluice.yarnappmaster;

import io.sluice.yarnclient.AppMasterContract;
import io.sluice.yarnclient.ProcessMemory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.DataOutputBuffer;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.LocalResource;
import org.apache.hadoop.yarn.api.records.LocalResourceVisibility;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * The launch context of TaskManager containers: the same staged distribution jar and shared files
 * as the ApplicationMaster, plus the TaskManager configuration the AM wrote (its own address in it),
 * localized as sluice.yaml. Built once; only the command differs per container.
 */
public final class TaskManagerLauncher {

    private final Map<String, LocalResource> resources;
    private final Map<String, String> env;
    private final ProcessMemory memory;
    private final int slots;
    private final boolean hasLog4j;
    private final String java;
    /** env.java.opts.all + env.java.opts.taskmanager, for the shell command. */
    private final String javaOptions;

    TaskManagerLauncher(FileSystem fs, YarnConfiguration yarn, Map<String, String> amEnv, Path taskManagerConf,
                        ProcessMemory memory, int slots, String java, String javaOptions) throws IOException {
        this.java = java;
        this.javaOptions = javaOptions;
        this.memory = memory;
        this.slots = slots;
        Path staging = new Path(amEnv.get(AppMasterContract.ENV_STAGING_DIR));
        resources = new HashMap<>();
        Path dist = new Path(amEnv.get(AppMasterContract.ENV_DIST_JAR));
        resources.put(AppMasterContract.DIST_JAR_NAME, AppMasterContract.resource(dist.getFileSystem(yarn), dist,
                LocalResourceVisibility.valueOf(amEnv.getOrDefault(AppMasterContract.ENV_DIST_JAR_VISIBILITY, "APPLICATION"))));
        List<String> shippedJars = new ArrayList<>();
        for (String name : AppMasterContract.split(amEnv, AppMasterContract.ENV_SHARED_FILES)) {
            resources.put(name, AppMasterContract.resource(fs, new Path(staging, name), LocalResourceVisibility.APPLICATION));
            if (name.endsWith(".jar")) {
                shippedJars.add(name);
            }
        }
        resources.put(AppMasterContract.CONF_FILE, AppMasterContract.resource(fs, taskManagerConf, LocalResourceVisibility.APPLICATION));
        hasLog4j = resources.containsKey(AppMasterContract.LOG4J_FILE);
        env = new HashMap<>();
        env.put("CLASSPATH", AppMasterContract.classpath(yarn, shippedJars));
    }

    ContainerLaunchContext launchContext(Container container) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(memory.jvmArgs());
        command.add(AppMasterContract.TMP_DIR_OPTION);
        if (!javaOptions.isEmpty()) {
            command.add(javaOptions);
        }
        if (hasLog4j) {
            command.add(AppMasterContract.LOG4J_OPTION);
        }
        command.add("-Dsluice.log.file=" + AppMasterContract.logDir() + "/taskmanager.log");
        command.add(AppMasterContract.TM_MAIN_CLASS);
        command.add("-Dtaskmanager.numberOfTaskSlots=" + slots);
        command.add("1>" + AppMasterContract.logDir() + "/taskmanager.out");
        command.add("2>" + AppMasterContract.logDir() + "/taskmanager.err");
        return ContainerLaunchContext.newInstance(new HashMap<>(resources), new HashMap<>(env),
                List.of(String.join(" ", command)), null, tokens(), null);
    }

    /**
     * The AM's own tokens (HDFS delegation tokens on secure clusters), minus the AM-RM token. Read at
     * each launch: with a keytab, the DelegationTokenManager keeps replacing them before they expire.
     */
    static ByteBuffer tokens() throws IOException {
        Credentials credentials = UserGroupInformation.getCurrentUser().getCredentials();
        Credentials forContainers = new Credentials();
        credentials.getAllTokens().stream()
                .filter(t -> !t.getKind().toString().equals("YARN_AM_RM_TOKEN"))
                .forEach(t -> forContainers.addToken(t.getService(), t));
        DataOutputBuffer out = new DataOutputBuffer();
        forContainers.writeTokenStorageToStream(out);
        return ByteBuffer.wrap(out.getData(), 0, out.getLength());
    }
}
