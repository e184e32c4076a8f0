package io.sluice.yarnappmaster;

import io.netty.handler.codec.http.HttpMethod;
import io.sluice.common.JobResult;
import io.sluice.config.ConfigLoader;
import io.sluice.config.Configuration;
import io.sluice.config.CoreOptions;
import io.sluice.config.JobManagerOptions;
import io.sluice.config.ResourceManagerOptions;
import io.sluice.config.RestOptions;
import io.sluice.config.TaskManagerOptions;
import io.sluice.dispatcher.DispatcherProtocol;
import io.sluice.entrypoint.JobManager;
import io.sluice.graph.JobGraph;
import io.sluice.ha.HighAvailabilityServices;
import io.sluice.ha.HighAvailabilityServicesLoader;
import io.sluice.rest.RestResponse;
import io.sluice.rpc.RpcService;
import io.sluice.yarnclient.AppMasterContract;
import io.sluice.yarnclient.HadoopConfigs;
import io.sluice.yarnclient.ProcessMemory;
import io.sluice.yarnclient.YamlWriter;
import io.sluice.yarnclient.YarnOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.yarn.api.ApplicationConstants.Environment;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ApplicationMaster: a JobManager whose ResourceManager gets TaskManagers from YARN. A session
 * runs until it is stopped ({@code DELETE /cluster}); a per-job cluster runs the job graph the
 * client shipped, an application cluster runs the program's main() here; both end with their job.
 * The final status at YARN matches the outcome, and the staging dir is removed when the
 * application ends for good.
 */
public final class YarnApplicationMaster {

    private static final Logger LOG = LoggerFactory.getLogger(YarnApplicationMaster.class);
    private static final int MAX_DIAGNOSTICS = 8000;
    private static final java.time.Duration TOKEN_CANCEL_TIMEOUT = java.time.Duration.ofSeconds(30);

    /** How the cluster ended, as YARN will report it. */
    record Outcome(FinalApplicationStatus status, String diagnostics) {}

    private final Map<String, String> env;
    private final ApplicationAttemptId attempt;
    private final int maxAttempts;
    private final CompletableFuture<Outcome> stopRequest = new CompletableFuture<>();

    YarnApplicationMaster(Map<String, String> env) {
        this.env = env;
        this.attempt = ContainerId.fromString(env.get(Environment.CONTAINER_ID.name())).getApplicationAttemptId();
        this.maxAttempts = Integer.parseInt(env.getOrDefault(AppMasterContract.ENV_MAX_ATTEMPTS, "1"));
    }

    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        Configuration config;
        CompletableFuture<RpcService> rpcStart;
        YarnApplicationMaster am;
        try {
            String host = env.get(Environment.NM_HOST.name());
            config = ConfigLoader.loadFromDirectory(workDir(env), rpcOverrides(host));
            // Starting Akka is the longest step of the AM's own start (class loading, CPU-bound): it begins
            // first, and everything else starts on this thread meanwhile, YARN's own classes included.
            rpcStart = startRpcService(config.copy(), host);
            am = new YarnApplicationMaster(env);
        } catch (Throwable t) {
            LOG.error("The ApplicationMaster could not start", t);
            System.exit(1);
            return;
        }
        try {
            am.run(config, rpcStart);
            System.exit(0);
        } catch (Throwable t) {
            LOG.error("The ApplicationMaster failed", t);
            if (am.isLastAttempt()) {
                // YARN starts no other attempt that could still need the staged files.
                am.deleteStagingDir(new YarnConfiguration());
            }
            System.exit(1);
        }
    }

    boolean isLastAttempt() {
        return attempt.getAttemptId() >= maxAttempts;
    }

    private static java.nio.file.Path workDir(Map<String, String> env) {
        return java.nio.file.Path.of(env.getOrDefault("PWD", ".")).toAbsolutePath();
    }

    /** The RPC service, started on a thread of its own. */
    private static CompletableFuture<RpcService> startRpcService(Configuration config, String host) {
        return CompletableFuture.supplyAsync(() -> JobManager.startRpcService(config, host, host, 0),
                r -> new Thread(r, "rpc-service-start").start());
    }

    private static Map<String, String> rpcOverrides(String host) {
        Map<String, String> overrides = new HashMap<>();
        overrides.put(JobManagerOptions.RPC_ADDRESS.key(), host);
        overrides.put(JobManagerOptions.RPC_PORT.key(), "0");
        return overrides;
    }

    /** @param config sluice.yaml with the RPC overrides; the cluster's own settings are added here */
    void run(Configuration config, CompletableFuture<RpcService> rpcStart) throws Exception {
        AppMasterContract.Mode mode = AppMasterContract.Mode.valueOf(env.get(AppMasterContract.ENV_MODE));
        String host = env.get(Environment.NM_HOST.name());
        String appId = attempt.getApplicationId().toString();
        java.nio.file.Path workDir = workDir(env);
        Map<String, String> overrides = new HashMap<>();
        overrides.put(RestOptions.ADDRESS.key(), host);
        overrides.put(RestOptions.BIND_ADDRESS.key(), host);
        overrides.put(CoreOptions.TMP_DIRS.key(), workDir.toString());
        // Cluster identity for high availability: one application = one cluster, one attempt = one instance.
        overrides.put("high-availability.cluster-id", appId);
        overrides.put("high-availability.instance-id", attempt.toString());
        // bound by the REST server, which then tells the driver the port to register with YARN
        overrides.put(RestOptions.PORT.key(), "0");
        overrides.forEach(config::setString);
        if (!config.contains(ResourceManagerOptions.PROCESS_MAX_WORKERS)) {
            // the local-process cap (8) does not apply to containers: YARN's queue limits bound them
            config.set(ResourceManagerOptions.PROCESS_MAX_WORKERS, 100_000);
        }
        LOG.info("ApplicationMaster {} of {} ({} cluster) starting on {}, attempt {} of {}", attempt, appId, mode, host,
                attempt.getAttemptId(), maxAttempts);

        // The Hadoop and ZooKeeper clients start while Akka does.
        YarnConfiguration yarn = HadoopConfigs.forContainer(config);
        FileSystem fs = FileSystem.get(yarn);
        if (!config.contains(io.sluice.config.CheckpointingOptions.DIR)) {
            // checkpoints must outlive the application (resume with 'sluice run -s'): the user's home, not staging
            config.set(io.sluice.config.CheckpointingOptions.DIR,
                    new Path(fs.getHomeDirectory(), ".sluice/checkpoints").toString());
        }
        Path staging = new Path(env.get(AppMasterContract.ENV_STAGING_DIR));
        // The HDFS client connects at its first call: a few hundred ms of class loading, better spent now
        // than after Akka is up, when the TaskManagers' configuration is written there.
        if (!fs.exists(staging)) {
            throw new IllegalStateException("the staging dir " + staging + " is gone: the application cannot start "
                    + "TaskManagers; submit it again");
        }
        HighAvailabilityServices ha = HighAvailabilityServicesLoader.load(config, null);
        // YARN starts attempt N+1 only after attempt N's container is gone: its election entries can go
        // at once instead of blocking leadership until its ZooKeeper session expires (fencing keeps it safe)
        int evicted = ha.evictDeadInstances(instance -> isEarlierAttempt(instance, attempt));
        if (evicted > 0) {
            LOG.info("Removed the leader election entries of {} earlier attempt(s) of {}", evicted, appId);
        }
        RpcService rpc;
        try {
            rpc = rpcStart.join();
        } catch (java.util.concurrent.CompletionException e) {
            ha.close();
            throw e;
        }

        Configuration tmConfig = config.copy();
        tmConfig.setString(JobManagerOptions.RPC_ADDRESS.key(), host);
        tmConfig.setString(JobManagerOptions.RPC_PORT.key(), String.valueOf(rpc.port()));
        tmConfig.remove(CoreOptions.TMP_DIRS);
        Path tmConfFile = new Path(staging, AppMasterContract.TASKMANAGER_CONF_FILE + "." + attempt.getAttemptId());
        try (var out = fs.create(tmConfFile, true)) {
            out.write(YamlWriter.toYaml(tmConfig).getBytes(StandardCharsets.UTF_8));
        }
        ProcessMemory tmMemory = ProcessMemory.taskManager(config.get(YarnOptions.TASKMANAGER_PROCESS_SIZE));
        TaskManagerLauncher launcher = new TaskManagerLauncher(fs, yarn, env, tmConfFile, tmMemory,
                config.get(TaskManagerOptions.NUM_TASK_SLOTS), AppMasterContract.javaCommand(config),
                AppMasterContract.javaOptions(config, YarnOptions.JAVA_OPTS_TASKMANAGER));
        AtomicReference<YarnResourceManagerDriver> driverRef = new AtomicReference<>();
        JobManager.DriverFactory driverFactory = restPort -> {
            YarnResourceManagerDriver d = new YarnResourceManagerDriver(new YarnResourceManagerDriver.Settings(host,
                    restPort, "http://" + host + ":" + restPort + "/",
                    Resource.newInstance(tmMemory.processMb(), config.get(YarnOptions.CONTAINER_VCORES)),
                    config.get(YarnOptions.HEARTBEAT_INTERVAL), config.get(YarnOptions.HEARTBEAT_PENDING_INTERVAL),
                    config.get(YarnOptions.RECOVERED_WORKER_TIMEOUT), config.get(YarnOptions.MAX_START_FAILURES_PER_NODE)),
                    yarn, launcher);
            driverRef.set(d);
            return d;
        };

        JobManager jobManager = JobManager.start(config, rpc, driverFactory, ha, router -> router.add(HttpMethod.DELETE, "/cluster", r -> {
            LOG.info("Stop requested through the REST API");
            stopRequest.complete(new Outcome(mode == AppMasterContract.Mode.SESSION ? FinalApplicationStatus.SUCCEEDED
                    : FinalApplicationStatus.KILLED, "stopped by the user (sluice stop / yarn-session.sh --stop)"));
            return CompletableFuture.completedFuture(RestResponse.accepted(Map.of("status", "stopping")));
        }));
        YarnResourceManagerDriver driver = driverRef.get();
        String trackingUrl = "http://" + host + ":" + jobManager.restPort() + "/";
        try {
            // the ResourceManager endpoint registers with YARN when it starts; without that there is no cluster
            driver.registered().get(2, TimeUnit.MINUTES);
        } catch (Exception e) {
            jobManager.close();
            throw new IllegalStateException("could not register with the YARN ResourceManager: " + e.getMessage(), e);
        }
        LOG.info("JobManager of {} is up: REST {}, web UI through the YARN proxy", appId, trackingUrl);
        // secure clusters with a keytab: fresh delegation tokens for the AM and its TaskManagers (docs/security.md)
        java.util.Optional<DelegationTokenManager> tokens =
                ApplicationMasterTokens.startIfConfigured(config, yarn, env, workDir, jobManager);

        Outcome outcome;
        try {
            outcome = switch (mode) {
                case SESSION -> stopRequest.get();
                case PER_JOB -> runShippedJob(jobManager, workDir);
                case APPLICATION -> runProgram(jobManager, workDir, fs);
            };
        } catch (Exception e) {
            LOG.error("The cluster failed", e);
            outcome = new Outcome(FinalApplicationStatus.FAILED, "the ApplicationMaster failed: " + e);
        }
        LOG.info("Cluster ends: {} {}", outcome.status(), outcome.diagnostics());
        // before unregistering: once YARN reports the application ended, nothing of it may be left
        deleteStagingDir(yarn);
        driver.unregister(outcome.status(), truncate(outcome.diagnostics()));
        // unregistered: the application ends for good, so its HA data (ZooKeeper, storage dir) goes too
        jobManager.closeAndCleanupAllData();
        // last: the clean-up above still reads and deletes on HDFS with these tokens
        tokens.ifPresent(YarnApplicationMaster::cancelTokens);
    }

    /** Best effort and bounded: an unreachable namenode (retries, failover) must not hold up the AM's exit. */
    private static void cancelTokens(DelegationTokenManager tokens) {
        Thread cancel = new Thread(tokens::stopAndCancel, "delegation-token-cancel");
        cancel.setDaemon(true);
        cancel.start();
        try {
            cancel.join(TOKEN_CANCEL_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (cancel.isAlive()) {
            LOG.warn("Cancelling delegation tokens took longer than {}; the rest expire on their own", TOKEN_CANCEL_TIMEOUT);
        }
    }

    private Outcome runShippedJob(JobManager jobManager, java.nio.file.Path workDir) throws Exception {
        JobGraph graph = JobGraph.fromBytes(Files.readAllBytes(workDir.resolve(AppMasterContract.JOB_GRAPH_FILE)));
        var dispatcher = jobManager.dispatcher();
        io.sluice.api.common.JobId id = graph.jobId();
        if (attempt.getAttemptId() > 1 && isKnownToDispatcher(dispatcher, id)) {
            // a later attempt with high availability: the Dispatcher recovered the job; submitting again would run it twice
            LOG.info("Job {} ({}) was recovered by the Dispatcher; following it", graph.jobName(), id);
        } else {
            id = dispatcher.<io.sluice.api.common.JobId>ask(new DispatcherProtocol.SubmitJob(graph, userJars(workDir)))
                    .get(120, TimeUnit.SECONDS);
            LOG.info("Submitted job {} ({})", graph.jobName(), id);
        }
        CompletableFuture<JobResult> result = InClusterExecutor.awaitResult(dispatcher, id);
        CompletableFuture.anyOf(result, stopRequest).get();
        if (stopRequest.isDone() && !result.isDone()) {
            dispatcher.ask(new DispatcherProtocol.CancelJob(id)).get(30, TimeUnit.SECONDS);
            result.get(60, TimeUnit.SECONDS);
            return stopRequest.get();
        }
        return outcomeOf(result.get());
    }

    /** Polls a few seconds: job recovery runs once the Dispatcher has been granted leadership. */
    private static boolean isKnownToDispatcher(io.sluice.rpc.RpcRef<DispatcherProtocol> dispatcher, io.sluice.api.common.JobId id)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try {
                dispatcher.ask(new DispatcherProtocol.RequestJobDetails(id)).get(10, TimeUnit.SECONDS);
                return true;
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                Thread.sleep(200);
            }
        }
        return false;
    }

    static Outcome outcomeOf(JobResult r) {
        return switch (r.status()) {
            case FINISHED -> new Outcome(FinalApplicationStatus.SUCCEEDED, "job '" + r.jobName() + "' finished");
            case CANCELED -> new Outcome(FinalApplicationStatus.KILLED, "job '" + r.jobName() + "' was cancelled");
            default -> new Outcome(FinalApplicationStatus.FAILED, "job '" + r.jobName() + "' (" + r.jobId() + ") "
                    + r.status() + " after " + r.restarts() + " restart(s); cause: "
                    + (r.failureCause() == null ? "unknown" : r.failureCause().originalStackTrace()));
        };
    }

    private Outcome runProgram(JobManager jobManager, java.nio.file.Path workDir, FileSystem fs) throws Exception {
        var program = ApplicationProgramRunner.Program.parse(Files.readAllLines(workDir.resolve(AppMasterContract.PROGRAM_FILE)));
        HighAvailabilityServices ha = jobManager.haServices();
        // only with high availability can a later attempt find the jobs of this one
        ApplicationJobLog jobLog = ha.isHighlyAvailable()
                ? new ApplicationJobLog(fs, new Path(env.get(AppMasterContract.ENV_STAGING_DIR))) : null;
        return new ApplicationProgramRunner(jobManager.dispatcher(), ha, jobLog, attempt, stopRequest,
                jobManager.configuration().get(YarnOptions.RERUN_MAIN_AFTER_FAILOVER),
                io.sluice.usercode.UserCodeClassLoading.from(jobManager.configuration())).run(program, userJars(workDir));
    }

    private List<DispatcherProtocol.JarFile> userJars(java.nio.file.Path workDir) {
        return AppMasterContract.split(env, AppMasterContract.ENV_USER_JARS).stream()
                .map(name -> new DispatcherProtocol.JarFile(workDir.resolve(name).toString(), name)).toList();
    }

    void deleteStagingDir(YarnConfiguration yarn) {
        String dir = env.get(AppMasterContract.ENV_STAGING_DIR);
        if (dir == null) {
            return;
        }
        try {
            Path staging = new Path(dir);
            staging.getFileSystem(yarn).delete(staging, true);
            LOG.info("Deleted the staging dir {}", staging);
        } catch (Exception e) {
            LOG.warn("Could not delete the staging dir {}: {}", dir, e.toString());
        }
    }

    /**
     * Whether a high-availability instance id names an earlier attempt of the same application. YARN
     * starts attempt N+1 only after attempt N's container is gone, so those instances are known dead
     * and their ZooKeeper election entries may be evicted at once instead of waiting for their session
     * to expire (HighAvailabilityServices#evictDeadInstances).
     */
    static boolean isEarlierAttempt(String instanceId, ApplicationAttemptId current) {
        try {
            ApplicationAttemptId other = ApplicationAttemptId.fromString(instanceId);
            return other.getApplicationId().equals(current.getApplicationId())
                    && other.getAttemptId() < current.getAttemptId();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String truncate(String s) {
        return s.length() <= MAX_DIAGNOSTICS ? s : s.substring(0, MAX_DIAGNOSTICS) + "... (see the JobManager log)";
    }
}
