package io.sluice.yarnclient;

import io.sluice.config.ConfigLoader;
import io.sluice.config.Configuration;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.QueueInfo;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.client.api.YarnClientApplication;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.exceptions.YarnException;

/**
 * Deploys Sluice clusters to YARN: checks the request against the cluster before anything is
 * uploaded, stages the files, submits the ApplicationMaster and waits until it runs. A deploy that
 * fails leaves nothing behind: the staging dir is deleted and a submitted application is killed.
 */
public final class YarnClusterDescriptor implements AutoCloseable {

    private final Configuration config;
    private final YarnConfiguration yarn;
    private final java.nio.file.Path hadoopConfDir;
    private final PrintStream progress;
    private final YarnClient client;
    private final ClientSecurity security;

    public YarnClusterDescriptor(Configuration config, Map<String, String> env, PrintStream progress) {
        this.config = config;
        this.yarn = HadoopConfigs.forClient(config, env);
        String dir = env.getOrDefault("YARN_CONF_DIR", env.get("HADOOP_CONF_DIR"));
        this.hadoopConfDir = dir == null || dir.isBlank() ? null : java.nio.file.Path.of(dir);
        this.progress = progress;
        // before the YARN client exists: its connection uses the Kerberos login
        this.security = ClientSecurity.login(config, yarn, progress);
        this.client = YarnClient.createYarnClient();
        client.init(yarn);
        client.start();
    }

    public YarnClient yarnClient() {
        return client;
    }

    public YarnConfiguration yarnConfiguration() {
        return yarn;
    }

    /** What to deploy. */
    public record ClusterSpec(AppMasterContract.Mode mode, String defaultName, List<java.nio.file.Path> userJars,
                              byte[] jobGraph, List<String> programLines) {
        public static ClusterSpec session() {
            return new ClusterSpec(AppMasterContract.Mode.SESSION, "Sluice session", List.of(), null, List.of());
        }
    }

    /** A running cluster: its application, REST endpoint (direct) and web UI (through the RM proxy). */
    public record Deployment(ApplicationId applicationId, String restAddress, String webUi) {}

    public Deployment deploy(ClusterSpec spec) throws Exception {
        String queue = config.get(YarnOptions.APPLICATION_QUEUE);
        ProcessMemory jm = ProcessMemory.jobManager(config.get(YarnOptions.JOBMANAGER_PROCESS_SIZE));
        ProcessMemory tm = ProcessMemory.taskManager(config.get(YarnOptions.TASKMANAGER_PROCESS_SIZE));
        List<java.nio.file.Path> shipFiles = shipFiles();
        java.nio.file.Path distJar = config.contains(YarnOptions.PROVIDED_LIB_DIRS) ? null : localDistJar();

        // The HDFS client's start (a few hundred ms of class loading) overlaps the checks at YARN.
        java.util.concurrent.CompletableFuture<FileSystem> fileSystem = startFileSystem();
        checkQueue(queue);
        YarnClientApplication app = call(client::createApplication);
        ApplicationId appId = app.getNewApplicationResponse().getApplicationId();
        checkSizes(app.getNewApplicationResponse().getMaximumResourceCapability(), jm, tm);

        FileSystem fs = awaitFileSystem(fileSystem);
        // housekeeping, off the deployment's path; joined below so that it is never cut off halfway
        Thread sweep = startDaemon("staging-sweep", () -> sweepEndedApplications(fs));
        StagingArea staging = new StagingArea(fs, appId.toString());
        boolean submitted = false;
        try {
            Map<String, String> env = stage(spec, staging, distJar, shipFiles);
            java.nio.ByteBuffer tokens = security.prepareApplicationMaster(staging, env);
            ApplicationSubmissionContext context = app.getApplicationSubmissionContext();
            fillSubmissionContext(context, spec, queue, jm, staging, env);
            context.getAMContainerSpec().setTokens(tokens);
            progress.println("Submitting application " + appId + " to queue '" + queue + "' (staging dir "
                    + staging.dir() + ")");
            client.submitApplication(context);
            submitted = true;
            ApplicationReport report = new ApplicationWaiter(client, progress)
                    .awaitRunning(appId, config.get(YarnOptions.DEPLOYMENT_TIMEOUT));
            return new Deployment(appId, restAddress(report), webUi(appId));
        } catch (Exception | Error e) {
            if (submitted) {
                try {
                    client.killApplication(appId);
                } catch (Exception killFailure) {
                    e.addSuppressed(killFailure);
                }
            }
            staging.delete();
            throw e;
        } finally {
            sweep.join();
        }
    }

    private static Thread startDaemon(String name, Runnable task) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private java.util.concurrent.CompletableFuture<FileSystem> startFileSystem() {
        java.util.concurrent.CompletableFuture<FileSystem> result = new java.util.concurrent.CompletableFuture<>();
        startDaemon("hdfs-client-start", () -> {
            try {
                result.complete(FileSystem.get(yarn));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private static FileSystem awaitFileSystem(java.util.concurrent.CompletableFuture<FileSystem> fileSystem)
            throws IOException {
        try {
            return fileSystem.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(e.getCause());
        }
    }

    /**
     * Staging dirs of applications that YARN reports as ended: left behind when the last AM attempt
     * was killed (SIGKILL, lost node) before it could clean up. Removed here, best effort.
     */
    private void sweepEndedApplications(FileSystem fs) {
        try {
            org.apache.hadoop.fs.Path root = StagingArea.root(fs);
            if (!fs.exists(root)) {
                return;
            }
            for (org.apache.hadoop.fs.FileStatus dir : fs.listStatus(root)) {
                String name = dir.getPath().getName();
                if (!name.startsWith("application_")) {
                    continue;
                }
                try {
                    ApplicationReport r = client.getApplicationReport(ApplicationId.fromString(name));
                    if (ApplicationWaiter.isEnded(r.getYarnApplicationState()) && fs.delete(dir.getPath(), true)) {
                        progress.println("Removed the staging dir of ended application " + name + " ("
                                + r.getFinalApplicationStatus() + ")");
                    }
                } catch (Exception e) {
                    // unknown to this ResourceManager (another cluster?) or unreadable: leave it alone
                }
            }
        } catch (IOException e) {
            progress.println("Warning: could not check old staging dirs: " + e.getMessage());
        }
    }

    static String restAddress(ApplicationReport report) {
        return "http://" + report.getHost() + ":" + report.getRpcPort();
    }

    /** The web UI as users see it: through the ResourceManager's proxy. */
    public String webUi(ApplicationId appId) {
        String rmWeb = yarn.get(YarnConfiguration.RM_WEBAPP_ADDRESS, YarnConfiguration.DEFAULT_RM_WEBAPP_ADDRESS);
        return "http://" + rmWeb + "/proxy/" + appId + "/";
    }

    private void checkQueue(String queue) throws Exception {
        QueueInfo info;
        try {
            info = call(() -> client.getQueueInfo(queue));
        } catch (YarnException e) {
            info = null;
        }
        if (info == null) {
            String known = call(client::getAllQueues).stream().map(QueueInfo::getQueueName).sorted()
                    .collect(Collectors.joining(", "));
            throw new IllegalArgumentException("YARN has no queue '" + queue + "' (yarn.application.queue / -qu); "
                    + "its queues are: " + known);
        }
    }

    private void checkSizes(Resource max, ProcessMemory jm, ProcessMemory tm) {
        check("jobmanager.memory.process.size", jm.processMb(), max.getMemorySize());
        check("taskmanager.memory.process.size", tm.processMb(), max.getMemorySize());
        int vcores = Math.max(config.get(YarnOptions.APPMASTER_VCORES), config.get(YarnOptions.CONTAINER_VCORES));
        if (vcores > max.getVirtualCores()) {
            throw new IllegalArgumentException(vcores + " vcores per container exceed YARN's maximum of "
                    + max.getVirtualCores() + " (yarn.scheduler.maximum-allocation-vcores): lower yarn.appmaster.vcores / "
                    + "yarn.containers.vcores");
        }
    }

    private static void check(String key, long mb, long maxMb) {
        if (mb > maxMb) {
            throw new IllegalArgumentException(key + " = " + mb + "m is more than YARN's largest container ("
                    + maxMb + " MB, yarn.scheduler.maximum-allocation-mb): lower it, e.g. -D " + key + "=" + maxMb + "m");
        }
    }

    /** Wraps "cannot reach the ResourceManager" into a message that says what to check. */
    private <T> T call(YarnCall<T> call) throws Exception {
        try {
            return call.call();
        } catch (ConnectException e) {
            throw unreachable(e);
        } catch (IOException e) {
            if (e.getCause() instanceof ConnectException || String.valueOf(e.getMessage()).contains("Connection refused")
                    || e instanceof java.net.NoRouteToHostException || e instanceof java.net.UnknownHostException) {
                throw unreachable(e);
            }
            throw e;
        }
    }

    private IllegalStateException unreachable(Exception e) {
        return new IllegalStateException("cannot reach the YARN ResourceManager at "
                + yarn.get(YarnConfiguration.RM_ADDRESS, YarnConfiguration.DEFAULT_RM_ADDRESS) + " within "
                + config.get(YarnOptions.RM_CONNECT_TIMEOUT).toSeconds() + " s (" + e.getMessage()
                + "): is it running, and does HADOOP_CONF_DIR point at this cluster's configuration?", e);
    }

    @FunctionalInterface
    interface YarnCall<T> {
        T call() throws Exception;
    }

    private List<java.nio.file.Path> shipFiles() {
        List<java.nio.file.Path> files = new ArrayList<>();
        for (String f : config.get(YarnOptions.SHIP_FILES)) {
            java.nio.file.Path p = java.nio.file.Path.of(f.trim()).toAbsolutePath();
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException("ship file '" + f + "' (yarn.ship-files / -yt) does not exist or is not a file");
            }
            files.add(p);
        }
        return files;
    }

    private java.nio.file.Path localDistJar() {
        String configured = config.getOptional(YarnOptions.DIST_JAR).orElse(null);
        java.nio.file.Path jar;
        if (configured != null) {
            jar = java.nio.file.Path.of(configured);
        } else {
            try {
                jar = java.nio.file.Path.of(AppMasterContract.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            } catch (Exception e) {
                jar = null;
            }
        }
        if (jar == null || !Files.isRegularFile(jar) || !jar.toString().endsWith(".jar")) {
            throw new IllegalArgumentException("cannot find " + AppMasterContract.DIST_JAR_NAME + " to ship (the client "
                    + "runs from " + jar + "): run bin/sluice from the distribution, or set yarn.dist-jar");
        }
        return jar;
    }

    /** Uploads everything the containers need; returns the AM's environment. */
    private Map<String, String> stage(ClusterSpec spec, StagingArea staging, java.nio.file.Path distJar,
                                      List<java.nio.file.Path> shipFiles) throws IOException {
        StagingArea.DistJar dist = distJar == null
                ? staging.providedDistJar(config.get(YarnOptions.PROVIDED_LIB_DIRS))
                : staging.cachedDistJar(distJar);
        progress.println(dist.uploaded() ? "Uploaded " + AppMasterContract.DIST_JAR_NAME + " to " + dist.path()
                : "Using " + AppMasterContract.DIST_JAR_NAME + " at " + dist.path() + " (already uploaded)");
        List<String> shared = new ArrayList<>();
        List<String> shippedJars = new ArrayList<>();
        List<StagingArea.Upload> uploads = new ArrayList<>();
        // every file lands in the containers' working directory under its name: two with one name would race
        Map<String, String> stagedNames = new HashMap<>();
        stagedName(stagedNames, AppMasterContract.DIST_JAR_NAME, "the distribution jar");
        stagedName(stagedNames, AppMasterContract.CONF_FILE, "the configuration Sluice writes");
        stagedName(stagedNames, AppMasterContract.JOB_GRAPH_FILE, "the job graph");
        stagedName(stagedNames, AppMasterContract.PROGRAM_FILE, "the program's entry class and arguments");
        stagedName(stagedNames, AppMasterContract.KEYTAB_FILE, "the Kerberos keytab");
        if (hadoopConfDir != null) {
            for (String name : AppMasterContract.HADOOP_SITE_FILES) {
                java.nio.file.Path f = hadoopConfDir.resolve(name);
                if (Files.isRegularFile(f)) {
                    stagedName(stagedNames, name, f.toString());
                    uploads.add(() -> staging.upload(f, name));
                    shared.add(name);
                }
            }
        }
        java.nio.file.Path confDir = ConfigLoader.confDirFromEnvironment(null);
        if (confDir != null && Files.isRegularFile(confDir.resolve(AppMasterContract.LOG4J_FILE))) {
            stagedName(stagedNames, AppMasterContract.LOG4J_FILE, confDir.resolve(AppMasterContract.LOG4J_FILE).toString());
            uploads.add(() -> staging.upload(confDir.resolve(AppMasterContract.LOG4J_FILE), AppMasterContract.LOG4J_FILE));
            shared.add(AppMasterContract.LOG4J_FILE);
        }
        for (java.nio.file.Path f : shipFiles) {
            String name = f.getFileName().toString();
            stagedName(stagedNames, name, "ship file " + f);
            uploads.add(() -> staging.upload(f, name));
            shared.add(name);
            if (name.endsWith(".jar")) {
                shippedJars.add(name);
            }
        }
        List<String> userJars = new ArrayList<>();
        for (java.nio.file.Path jar : spec.userJars()) {
            String name = jar.getFileName().toString();
            stagedName(stagedNames, name, "user jar " + jar);
            uploads.add(() -> staging.upload(jar, name));
            userJars.add(name);
        }
        if (spec.jobGraph() != null) {
            uploads.add(() -> staging.write(AppMasterContract.JOB_GRAPH_FILE, spec.jobGraph()));
        }
        if (!spec.programLines().isEmpty()) {
            byte[] program = (String.join("\n", spec.programLines()) + "\n").getBytes(StandardCharsets.UTF_8);
            uploads.add(() -> staging.write(AppMasterContract.PROGRAM_FILE, program));
        }
        byte[] conf = YamlWriter.toYaml(config).getBytes(StandardCharsets.UTF_8);
        uploads.add(() -> staging.write(AppMasterContract.CONF_FILE, conf));
        staging.inParallel(uploads);

        Map<String, String> env = new HashMap<>();
        env.put(AppMasterContract.ENV_MODE, spec.mode().name());
        env.put(AppMasterContract.ENV_STAGING_DIR, staging.dir().toString());
        env.put(AppMasterContract.ENV_DIST_JAR, dist.path().toString());
        env.put(AppMasterContract.ENV_DIST_JAR_VISIBILITY, dist.visibility().name());
        env.put(AppMasterContract.ENV_SHARED_FILES, String.join(",", shared));
        env.put(AppMasterContract.ENV_USER_JARS, String.join(",", userJars));
        env.put("CLASSPATH", AppMasterContract.classpath(yarn, shippedJars));
        return env;
    }

    private static void stagedName(Map<String, String> names, String name, String what) {
        String earlier = names.putIfAbsent(name, what);
        if (earlier != null) {
            throw new IllegalArgumentException("two files would be staged as '" + name + "': " + earlier + " and " + what
                    + "; containers see both under that name in their working directory: rename one");
        }
    }

    private void fillSubmissionContext(ApplicationSubmissionContext context, ClusterSpec spec, String queue,
                                       ProcessMemory jm, StagingArea staging, Map<String, String> env) {
        boolean ha = "zookeeper".equalsIgnoreCase(config.getString("high-availability.type"));
        int attempts = config.getOptional(YarnOptions.APPLICATION_ATTEMPTS).orElse(ha ? 2 : 1);
        if (attempts > 1 && !ha) {
            progress.println("Warning: yarn.application-attempts = " + attempts + " without high availability: a new "
                    + "ApplicationMaster attempt cannot recover running jobs (set high-availability.type: zookeeper)");
        }
        env.put(AppMasterContract.ENV_MAX_ATTEMPTS, String.valueOf(attempts));

        List<String> command = new ArrayList<>();
        command.add(AppMasterContract.javaCommand(config));
        command.addAll(jm.jvmArgs());
        if (!config.get(YarnOptions.APPMASTER_OPTIMIZING_COMPILER)) {
            command.add("-XX:TieredStopAtLevel=1"); // before env.java.opts, which may override it
        }
        command.add(AppMasterContract.TMP_DIR_OPTION);
        String javaOptions = AppMasterContract.javaOptions(config, YarnOptions.JAVA_OPTS_JOBMANAGER);
        if (!javaOptions.isEmpty()) {
            command.add(javaOptions);
        }
        if (staging.resources().containsKey(AppMasterContract.LOG4J_FILE)) {
            command.add(AppMasterContract.LOG4J_OPTION);
        }
        command.add("-Dsluice.log.file=" + AppMasterContract.logDir() + "/jobmanager.log");
        command.add(AppMasterContract.AM_MAIN_CLASS);
        command.add("1>" + AppMasterContract.logDir() + "/jobmanager.out");
        command.add("2>" + AppMasterContract.logDir() + "/jobmanager.err");

        ContainerLaunchContext am = ContainerLaunchContext.newInstance(staging.resources(), env,
                List.of(String.join(" ", command)), null, null, applicationAcls(config));
        context.setApplicationName(config.getOptional(YarnOptions.APPLICATION_NAME).orElse(spec.defaultName()));
        context.setApplicationType(AppMasterContract.APPLICATION_TYPE);
        context.setQueue(queue);
        if (!config.get(YarnOptions.TAGS).isEmpty()) {
            context.setApplicationTags(new HashSet<>(config.get(YarnOptions.TAGS).stream()
                    .flatMap(t -> java.util.Arrays.stream(t.split(","))).map(String::trim).filter(t -> !t.isEmpty()).toList()));
        }
        int priority = config.get(YarnOptions.APPLICATION_PRIORITY);
        if (priority >= 0) {
            context.setPriority(Priority.newInstance(priority));
        }
        config.getOptional(YarnOptions.NODE_LABEL).ifPresent(context::setNodeLabelExpression);
        context.setKeepContainersAcrossApplicationAttempts(true);
        context.setMaxAppAttempts(attempts);
        context.setAttemptFailuresValidityInterval(config.get(YarnOptions.ATTEMPT_FAILURES_VALIDITY_INTERVAL).toMillis());
        context.setResource(Resource.newInstance(jm.processMb(), config.get(YarnOptions.APPMASTER_VCORES)));
        context.setAMContainerSpec(am);
    }

    /** yarn.view-acls / yarn.modify-acls as YARN's application ACLs; null (YARN's defaults) when neither is set. */
    static Map<org.apache.hadoop.yarn.api.records.ApplicationAccessType, String> applicationAcls(Configuration config) {
        Map<org.apache.hadoop.yarn.api.records.ApplicationAccessType, String> acls = new HashMap<>();
        config.getOptional(YarnOptions.VIEW_ACLS).map(String::trim)
                .ifPresent(v -> acls.put(org.apache.hadoop.yarn.api.records.ApplicationAccessType.VIEW_APP, v));
        config.getOptional(YarnOptions.MODIFY_ACLS).map(String::trim)
                .ifPresent(v -> acls.put(org.apache.hadoop.yarn.api.records.ApplicationAccessType.MODIFY_APP, v));
        return acls.isEmpty() ? null : acls;
    }

    @Override
    public void close() {
        client.stop();
    }
}
