package io.sluice.yarnclient;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.yarn.api.ApplicationConstants;
import org.apache.hadoop.yarn.api.ApplicationConstants.Environment;
import org.apache.hadoop.yarn.api.records.LocalResource;
import org.apache.hadoop.yarn.api.records.LocalResourceType;
import org.apache.hadoop.yarn.api.records.LocalResourceVisibility;
import org.apache.hadoop.yarn.api.records.URL;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * What the client tells the ApplicationMaster through the container environment, and the container
 * layout both sides build: file names in the working directory, the classpath, the java command.
 */
public final class AppMasterContract {

    private AppMasterContract() {}

    /** SESSION, PER_JOB or APPLICATION. */
    public static final String ENV_MODE = "SLUICE_CLUSTER_MODE";
    /** Qualified path of the application's staging directory. */
    public static final String ENV_STAGING_DIR = "SLUICE_STAGING_DIR";
    /** Qualified path of sluice-dist.jar (cache or provided lib dir) and its visibility. */
    public static final String ENV_DIST_JAR = "SLUICE_DIST_JAR";
    public static final String ENV_DIST_JAR_VISIBILITY = "SLUICE_DIST_JAR_VISIBILITY";
    /** Comma-separated names of staged files every container (AM and TaskManagers) gets. */
    public static final String ENV_SHARED_FILES = "SLUICE_SHARED_FILES";
    /** Comma-separated names of staged user jars (per-job and application mode). */
    public static final String ENV_USER_JARS = "SLUICE_USER_JARS";
    /** yarn.application-attempts as submitted: the AM knows when it is the last attempt. */
    public static final String ENV_MAX_ATTEMPTS = "SLUICE_MAX_ATTEMPTS";

    /** Set on secure clusters with a keytab: its file name in the AM's working directory (never shipped to TaskManagers). */
    public static final String ENV_KEYTAB = "SLUICE_KEYTAB";

    public static final String DIST_JAR_NAME = "sluice-dist.jar";
    public static final String KEYTAB_FILE = "sluice.keytab";
    public static final String CONF_FILE = "sluice.yaml";
    /** The processes' logging configuration (reload4j), from the client's conf dir. */
    public static final String LOG4J_FILE = "log4j.properties";
    /** The JVM option that points reload4j at {@link #LOG4J_FILE} in a container's working directory. */
    public static final String LOG4J_OPTION = "-Dlog4j.configuration=file:" + LOG4J_FILE;
    /**
     * The JVM's temp dir in the container's working directory: the NodeManager creates {@code tmp} there
     * and deletes it with the container, so nothing a killed process leaves (such as the unpacked RPC
     * component, tens of MB) piles up in the node's /tmp.
     */
    public static final String TMP_DIR_OPTION = "-Djava.io.tmpdir=" + Environment.PWD.$$() + "/tmp";
    /** Written by the AM once it knows its own addresses; localized as sluice.yaml in TaskManager containers. */
    public static final String TASKMANAGER_CONF_FILE = "taskmanager.yaml";
    public static final String JOB_GRAPH_FILE = "job.graph";
    /** Application mode: entry class, parallelism, then one program argument per line. */
    public static final String PROGRAM_FILE = "program.txt";
    /** Hadoop site files shipped from HADOOP_CONF_DIR so containers use the same cluster settings. */
    public static final List<String> HADOOP_SITE_FILES = List.of("core-site.xml", "hdfs-site.xml", "yarn-site.xml");

    public static final String APPLICATION_TYPE = "Sluice";
    public static final String AM_MAIN_CLASS = "io.sluice.yarnappmaster.YarnApplicationMaster";
    public static final String TM_MAIN_CLASS = "io.sluice.yarnappmaster.YarnTaskManagerRunner";

    public enum Mode { SESSION, PER_JOB, APPLICATION }

    /**
     * $PWD (site files, sluice.yaml), sluice-dist.jar, shipped jars, then the cluster's own
     * yarn.application.classpath. The client's classpath never travels.
     */
    public static String classpath(YarnConfiguration yarn, List<String> shippedJars) {
        List<String> entries = new ArrayList<>();
        entries.add(Environment.PWD.$$());
        entries.add(Environment.PWD.$$() + "/" + DIST_JAR_NAME);
        shippedJars.forEach(j -> entries.add(Environment.PWD.$$() + "/" + j));
        String[] cluster = yarn.getStrings(YarnConfiguration.YARN_APPLICATION_CLASSPATH,
                YarnConfiguration.DEFAULT_YARN_CROSS_PLATFORM_APPLICATION_CLASSPATH);
        Arrays.stream(cluster).map(String::trim).filter(s -> !s.isEmpty()).forEach(entries::add);
        return String.join(ApplicationConstants.CLASS_PATH_SEPARATOR, entries);
    }

    /**
     * The java executable: {@code <yarn.container.java-home>/bin/java} when configured (an absolute
     * path does not depend on how the NodeManager composes JAVA_HOME), else $JAVA_HOME/bin/java with
     * the NodeManager's JAVA_HOME.
     */
    public static String javaCommand(io.sluice.config.Configuration config) {
        return config.getOptional(YarnOptions.CONTAINER_JAVA_HOME).orElse(Environment.JAVA_HOME.$$()) + "/bin/java";
    }

    /**
     * env.java.opts.all, then the process's own options, for the container's shell command (as written,
     * so quoting works as in a shell), with {@code <LOG_DIR>} replaced by the container's log dir.
     * Empty when none are set. They come after Sluice's memory flags, so a user's -Xmx wins.
     */
    public static String javaOptions(io.sluice.config.Configuration config,
                                     io.sluice.config.ConfigOption<String> processOptions) {
        String all = (config.get(YarnOptions.JAVA_OPTS_ALL).trim() + " " + config.get(processOptions).trim()).trim();
        return all.replace("<LOG_DIR>", logDir());
    }

    public static String logDir() {
        return ApplicationConstants.LOG_DIR_EXPANSION_VAR;
    }

    /** A file on the cluster's file system as a container resource. */
    public static LocalResource resource(FileSystem fs, Path path, LocalResourceVisibility visibility)
            throws java.io.IOException {
        FileStatus status = fs.getFileStatus(path);
        return LocalResource.newInstance(URL.fromPath(fs.makeQualified(path)), LocalResourceType.FILE, visibility,
                status.getLen(), status.getModificationTime());
    }

    public static List<String> split(Map<String, String> env, String key) {
        String v = env.get(key);
        if (v == null || v.isBlank()) {
            return List.of();
        }
        return List.of(v.split(","));
    }
}
