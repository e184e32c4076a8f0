package io.sluice.yarnclient;

import io.sluice.config.ConfigOption;
import io.sluice.config.ConfigOptions;
import io.sluice.config.MemorySize;
import io.sluice.config.OptionValidator;
import java.time.Duration;
import java.util.List;

/** Options of the YARN deployment (client and ApplicationMaster). */
public final class YarnOptions {

    private YarnOptions() {}

    /** Keys with this prefix go, without it, into the Hadoop configuration of client and containers. */
    public static final String HADOOP_PREFIX = "sluice.hadoop.";

    public static final ConfigOption<MemorySize> JOBMANAGER_PROCESS_SIZE = ConfigOptions.key("jobmanager.memory.process.size")
            .memoryType()
            .defaultValue(MemorySize.ofMebiBytes(1024))
            .withDescription("Total memory of the JobManager process (the YARN ApplicationMaster container): heap, "
                    + "metaspace, direct memory and JVM overhead are carved out of it.");

    public static final ConfigOption<MemorySize> TASKMANAGER_PROCESS_SIZE = ConfigOptions.key("taskmanager.memory.process.size")
            .memoryType()
            .defaultValue(MemorySize.ofMebiBytes(1024))
            .withDescription("Total memory of a TaskManager process (one YARN container): heap, metaspace, direct "
                    + "memory and JVM overhead are carved out of it. YARN kills a container that uses more.");

    public static final ConfigOption<Integer> APPMASTER_VCORES = ConfigOptions.key("yarn.appmaster.vcores")
            .intType()
            .defaultValue(1)
            .withValidator(OptionValidator.atLeast(1))
            .withDescription("Virtual cores of the ApplicationMaster (JobManager) container.");

    public static final ConfigOption<Boolean> APPMASTER_OPTIMIZING_COMPILER =
            ConfigOptions.key("yarn.appmaster.optimizing-compiler")
            .booleanType()
            .defaultValue(false)
            .withDescription("Whether the ApplicationMaster (JobManager) JVM uses HotSpot's optimizing compiler (C2). "
                    + "Off: it runs with C1 alone (-XX:TieredStopAtLevel=1). The JobManager coordinates, serves REST "
                    + "and runs no record-processing loops, while C2's compilations took a quarter of its start's CPU "
                    + "(the AM was up 0.7 s sooner on a 2-core node). Turn it on for jobs with many thousands of tasks, "
                    + "whose scheduling and checkpoint coordination keep the JobManager busy.");

    public static final ConfigOption<Integer> CONTAINER_VCORES = ConfigOptions.key("yarn.containers.vcores")
            .intType()
            .defaultValue(1)
            .withValidator(OptionValidator.atLeast(1))
            .withDescription("Virtual cores of each TaskManager container.");

    public static final ConfigOption<String> APPLICATION_NAME = ConfigOptions.key("yarn.application.name")
            .stringType()
            .noDefaultValue()
            .withDescription("Name of the YARN application (yarn-session.sh -nm). Default: 'Sluice session' or the job's name.");

    public static final ConfigOption<String> APPLICATION_QUEUE = ConfigOptions.key("yarn.application.queue")
            .stringType()
            .defaultValue("default")
            .withDescription("YARN queue the application is submitted to (yarn-session.sh -qu).");

    public static final ConfigOption<Integer> APPLICATION_PRIORITY = ConfigOptions.key("yarn.application.priority")
            .intType()
            .defaultValue(-1)
            .withDescription("YARN priority of the application; -1 leaves it to the queue's default.");

    public static final ConfigOption<String> NODE_LABEL = ConfigOptions.key("yarn.application.node-label")
            .stringType()
            .noDefaultValue()
            .withDescription("YARN node label expression for the application's containers.");

    public static final ConfigOption<String> VIEW_ACLS = ConfigOptions.key("yarn.view-acls")
            .stringType()
            .noDefaultValue()
            .withDescription("Who may see the application in YARN (its report, logs and the web UI through the RM "
                    + "proxy), in YARN's ACL format 'user1,user2 group1,group2' ('*' = everyone). Unset: YARN's "
                    + "defaults (the owner and admins). Takes effect when yarn.acl.enable is on in the cluster.");

    public static final ConfigOption<String> MODIFY_ACLS = ConfigOptions.key("yarn.modify-acls")
            .stringType()
            .noDefaultValue()
            .withDescription("Who may kill or change the application in YARN, in YARN's ACL format "
                    + "'user1,user2 group1,group2'. Unset: YARN's defaults (the owner and admins).");

    public static final ConfigOption<List<String>> TAGS = ConfigOptions.key("yarn.tags")
            .stringListType()
            .defaultValue(List.of())
            .withDescription("YARN application tags, separated by ';' or ',' (schedulers find their applications by them).");

    public static final ConfigOption<List<String>> SHIP_FILES = ConfigOptions.key("yarn.ship-files")
            .stringListType()
            .defaultValue(List.of())
            .withDescription("Local files shipped into every container's working directory, separated by ';' (run -yt).");

    public static final ConfigOption<String> PROVIDED_LIB_DIRS = ConfigOptions.key("yarn.provided.lib.dirs")
            .stringType()
            .noDefaultValue()
            .withDescription("A directory on the cluster's file system (e.g. hdfs:///sluice/lib) that already holds "
                    + "sluice-dist.jar; then the client uploads no distribution jar at all. For shared clusters.");

    public static final ConfigOption<Integer> APPLICATION_ATTEMPTS = ConfigOptions.key("yarn.application-attempts")
            .intType()
            .noDefaultValue()
            .withValidator(OptionValidator.atLeast(1))
            .withDescription("How many times YARN starts the ApplicationMaster. Default: 2 with high availability "
                    + "(a new attempt recovers the jobs and keeps the TaskManager containers), 1 without (a new "
                    + "attempt could not recover anything). Capped by yarn.resourcemanager.am.max-attempts.");

    public static final ConfigOption<Duration> ATTEMPT_FAILURES_VALIDITY_INTERVAL =
            ConfigOptions.key("yarn.application-attempt-failures-validity-interval")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(10))
                    .withDescription("Only ApplicationMaster failures within this interval count against "
                            + "yarn.application-attempts; 0 counts all failures.");

    public static final ConfigOption<Duration> DEPLOYMENT_TIMEOUT = ConfigOptions.key("yarn.deployment.timeout")
            .durationType()
            .defaultValue(Duration.ofMinutes(2))
            .withValidator(OptionValidator.positiveDuration())
            .withDescription("How long the client waits for the ApplicationMaster to run. After it, the "
                    + "application is killed and its staging directory deleted.");

    public static final ConfigOption<Duration> RM_CONNECT_TIMEOUT = ConfigOptions.key("yarn.client.rm-connect-timeout")
            .durationType()
            .defaultValue(Duration.ofSeconds(15))
            .withValidator(OptionValidator.positiveDuration())
            .withDescription("How long the client tries to reach the YARN ResourceManager before it reports it "
                    + "unreachable (Hadoop's own default is 15 minutes).");

    public static final ConfigOption<String> CONTAINER_JAVA_HOME = ConfigOptions.key("yarn.container.java-home")
            .stringType()
            .noDefaultValue()
            .withDescription("Java 17 installation (the same path on every node) whose bin/java starts the "
                    + "containers. Default: $JAVA_HOME as the NodeManager sets it for containers "
                    + "(yarn.nodemanager.env-whitelist / admin-env).");

    public static final ConfigOption<String> JAVA_OPTS_ALL = ConfigOptions.key("env.java.opts.all")
            .stringType()
            .defaultValue("")
            .withDescription("JVM options for the ApplicationMaster and the TaskManager containers, inserted into "
                    + "their shell command as written (quote as for a shell); <LOG_DIR> is replaced by the "
                    + "container's log directory, e.g. -Xlog:gc*:file=<LOG_DIR>/gc.log so that `yarn logs` shows it.");

    public static final ConfigOption<String> JAVA_OPTS_JOBMANAGER = ConfigOptions.key("env.java.opts.jobmanager")
            .stringType()
            .defaultValue("")
            .withDescription("JVM options for the ApplicationMaster (JobManager) only, after env.java.opts.all.");

    public static final ConfigOption<String> JAVA_OPTS_TASKMANAGER = ConfigOptions.key("env.java.opts.taskmanager")
            .stringType()
            .defaultValue("")
            .withDescription("JVM options for TaskManager containers only, after env.java.opts.all.");

    public static final ConfigOption<Duration> HEARTBEAT_INTERVAL = ConfigOptions.key("yarn.heartbeat.interval")
            .durationType()
            .defaultValue(Duration.ofSeconds(1))
            .withValidator(OptionValidator.positiveDuration())
            .withDescription("ApplicationMaster heartbeat to the YARN ResourceManager while no containers are requested "
                    + "(MapReduce's AM uses 1 s too). A new container request does not wait for it: it is sent at once.");

    public static final ConfigOption<Duration> HEARTBEAT_PENDING_INTERVAL =
            ConfigOptions.key("yarn.heartbeat.container-request-interval")
                    .durationType()
                    .defaultValue(Duration.ofMillis(100))
                    .withValidator(OptionValidator.positiveDuration())
                    .withDescription("ApplicationMaster heartbeat while container requests are pending, so that "
                            + "allocations arrive quickly.");

    public static final ConfigOption<Duration> RECOVERED_WORKER_TIMEOUT =
            ConfigOptions.key("yarn.recovery.taskmanager-registration-timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(30))
                    .withValidator(OptionValidator.positiveDuration())
                    .withDescription("After an ApplicationMaster failover: how long the new attempt waits for the "
                            + "kept TaskManager containers to register before it releases them and asks YARN for new ones.");

    public static final ConfigOption<Boolean> RERUN_MAIN_AFTER_FAILOVER =
            ConfigOptions.key("yarn.application.rerun-main-after-failover")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription("Application mode with high availability, after an ApplicationMaster failover "
                            + "that happened while main() was still running and had submitted jobs: false (default) "
                            + "follows those jobs to the end without running main() again, so jobs main() would have "
                            + "submitted later do not run; true runs main() again, and each job it submits that was "
                            + "submitted before the failover (same position in the order) is followed or, if it "
                            + "ended, its result returned, instead of being run again. Use true only for a main() that "
                            + "submits the same jobs in the same order every time.");

    public static final ConfigOption<Integer> MAX_START_FAILURES_PER_NODE = ConfigOptions.key("yarn.nodes.max-start-failures")
            .intType()
            .defaultValue(3)
            .withValidator(OptionValidator.atLeast(1))
            .withDescription("TaskManager containers that fail to start on one node before the ApplicationMaster "
                    + "stops accepting containers on that node.");

    public static final ConfigOption<String> PROPERTIES_FILE_DIR = ConfigOptions.key("yarn.properties-file.location")
            .stringType()
            .noDefaultValue()
            .withDescription("Directory of the per-user file in which yarn-session.sh records the running session "
                    + "(.yarn-properties-<user>). Default: java.io.tmpdir.");

    public static final ConfigOption<String> DIST_JAR = ConfigOptions.key("yarn.dist-jar")
            .stringType()
            .noDefaultValue()
            .withDescription("Local path of sluice-dist.jar to ship. Default: the jar the client runs from (lib/sluice-dist.jar).");
}
