package io.sluice.entrypoint;

import io.sluice.blob.BlobServer;
import io.sluice.config.Configuration;
import io.sluice.config.CoreOptions;
import io.sluice.config.JobManagerOptions;
import io.sluice.config.ResourceManagerOptions;
import io.sluice.config.RestOptions;
import io.sluice.config.RpcOptions;
import io.sluice.dispatcher.Dispatcher;
import io.sluice.dispatcher.DispatcherProtocol;
import io.sluice.dispatcher.JarStore;
import io.sluice.dispatcher.JobManagerRestApi;
import io.sluice.ha.HighAvailabilityServices;
import io.sluice.ha.HighAvailabilityServicesLoader;
import io.sluice.jobmaster.JobMasterSettings;
import io.sluice.leader.LeaderInfo;
import io.sluice.leader.StandaloneLeaderServices;
import io.sluice.resourcemanager.ProcessWorkerDriver;
import io.sluice.resourcemanager.ResourceManager;
import io.sluice.resourcemanager.ResourceManagerDriver;
import io.sluice.resourcemanager.ResourceManagerSettings;
import io.sluice.resourcemanager.StandaloneDriver;
import io.sluice.rest.RestServer;
import io.sluice.rest.RestServerConfig;
import io.sluice.rpc.RpcRef;
import io.sluice.rpc.RpcService;
import io.sluice.rpc.RpcServiceSettings;
import io.sluice.rpc.RpcSystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JobManager process: one RPC service hosting the ResourceManager and the Dispatcher (which
 * starts a JobMaster per job), the blob server for job jars, and the REST API. With high
 * availability several JobManager processes run; the elected one leads, the others stand by with
 * their REST API answering 503 until they are elected.
 */
public final class JobManager implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JobManager.class);

    private final Configuration configuration;
    private final RpcService rpcService;
    private final ExecutorService ioExecutor;
    private final Path workDir;
    private final HighAvailabilityServices haServices;
    private final BlobServer blobServer;
    /** Null until it has started, which is after the REST server (a driver may need the REST port). */
    private volatile ResourceManager resourceManager;
    private final Dispatcher dispatcher;
    private final RestServer restServer;
    private final RpcRef<DispatcherProtocol> dispatcherRef;
    /** Publishes and follows the leader's REST URL; null without high availability. */
    private volatile RestLeaderPublisher restLeader;

    /** Creates the ResourceManager's driver once the REST server is bound (YARN registers the AM with its port). */
    @FunctionalInterface
    public interface DriverFactory {
        ResourceManagerDriver create(int restPort) throws Exception;
    }

    private JobManager(Configuration configuration, RpcService rpcService, DriverFactory driverFactory,
                       HighAvailabilityServices haServices,
                       java.util.function.Consumer<io.sluice.rest.Router> extraRoutes) throws Exception {
        this.configuration = configuration;
        this.rpcService = rpcService;
        this.haServices = haServices;
        this.ioExecutor = Executors.newFixedThreadPool(4, daemon("jobmanager-io"));
        this.workDir = Files.createDirectories(Path.of(configuration.get(CoreOptions.TMP_DIRS).split("[,;]")[0])
                .resolve("sluice-jobmanager-" + UUID.randomUUID()));
        String host = rpcService.address();
        this.blobServer = new BlobServer(workDir.resolve("blobs"), configuration.get(RestOptions.BIND_ADDRESS), host, 0,
                haServices.blobStore());

        // The ResourceManager, Dispatcher and JobMasters of one process are elected together, so the
        // JobMasters use this process's ResourceManager whenever it leads (they wait while it starts).
        this.dispatcher = new Dispatcher(rpcService, configuration, JobMasterSettings.fromConfiguration(configuration),
                blobServer, haServices, this::currentResourceManagerLeader, ioExecutor,
                configuration.get(JobManagerOptions.JOB_STORE_MAX_CAPACITY));
        dispatcher.start();
        this.dispatcherRef = new CurrentLeaderRef<>(rpcService.<DispatcherProtocol>connect(dispatcher.address(),
                StandaloneLeaderServices.DEFAULT_TOKEN, DispatcherProtocol.class).get(30, TimeUnit.SECONDS),
                dispatcher::fencingToken, () -> restLeader == null ? null : restLeader.leaderUrl());

        Path uploadDir = configuration.getOptional(RestOptions.UPLOAD_DIR).map(Path::of).orElse(workDir.resolve("uploads"));
        JobManagerRestApi api = new JobManagerRestApi(dispatcherRef, configuration, new JarStore(uploadDir.resolve("jars")));
        this.restServer = new RestServer(new RestServerConfig(configuration.get(RestOptions.BIND_ADDRESS),
                configuration.get(RestOptions.PORT), configuration.get(RestOptions.SERVER_MAX_CONTENT_LENGTH).getBytes(),
                uploadDir.resolve("requests")), withExtraRoutes(io.sluice.webui.WebUi.register(api.router()), extraRoutes));
        restServer.start();
        // after the REST server: the driver may announce the bound port (a YARN AM registers it), which
        // beats choosing a free port first and binding it later, when another process may have taken it
        try {
            this.resourceManager = new ResourceManager(rpcService, ResourceManagerSettings.fromConfiguration(configuration),
                    driverFactory.create(restServer.port()), haServices.leaderElection(HighAvailabilityServices.RESOURCE_MANAGER));
            resourceManager.start();
        } catch (Exception | Error e) {
            // no JobManager comes out of this: what already runs must not (a Dispatcher could still be elected)
            restServer.close();
            await(dispatcher.closeAsync());
            blobServer.close();
            ioExecutor.shutdownNow();
            throw e;
        }
        if (haServices.isHighlyAvailable()) {
            restLeader = RestLeaderPublisher.start(haServices, "http://" + restAddress() + ":" + restServer.port());
        }
        LOG.info("JobManager running: RPC {}:{}, REST http://{}:{}/{}", host, rpcService.port(), restAddress(),
                restServer.port(), haServices.isHighlyAvailable()
                        ? " (high availability, instance " + haServices.instanceId() + ")" : "");
    }

    private LeaderInfo currentResourceManagerLeader() {
        ResourceManager rm = resourceManager;
        java.util.UUID token = rm == null ? null : rm.fencingToken();
        return token == null ? null : new LeaderInfo(rm.address(), token);
    }

    /** Entry point of a standalone JobManager process: runs until it is stopped (SIGTERM). */
    public static void main(String[] args) throws Exception {
        Configuration config = EntrypointArguments.parse(args).loadConfiguration();
        JobManager jobManager = start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(jobManager::close, "jobmanager-shutdown"));
        jobManager.terminationFuture().get();
    }

    /** Starts a JobManager with its own RPC service on jobmanager.rpc.address/port and the configured driver. */
    public static JobManager start(Configuration configuration) throws Exception {
        RpcService rpc = startRpcService(configuration, configuration.get(JobManagerOptions.RPC_ADDRESS),
                configuration.getOptional(JobManagerOptions.BIND_HOST).orElse(configuration.get(JobManagerOptions.RPC_ADDRESS)),
                configuration.get(JobManagerOptions.RPC_PORT));
        HighAvailabilityServices ha = null;
        try {
            ha = HighAvailabilityServicesLoader.load(configuration, null);
            ResourceManagerDriver driver = createDriver(configuration, rpc);
            return new JobManager(configuration, rpc, port -> driver, ha, r -> {});
        } catch (Exception e) {
            closeQuietly(ha);
            rpc.closeAsync();
            throw e;
        }
    }

    /** Starts a JobManager on an existing RPC service (local cluster) without high availability. */
    public static JobManager start(Configuration configuration, RpcService rpc, ResourceManagerDriver driver) throws Exception {
        return new JobManager(configuration, rpc, port -> driver, HighAvailabilityServicesLoader.load(configuration, null), r -> {});
    }

    /** Starts a JobManager on an existing RPC service with the given HA services (closed with the JobManager). */
    public static JobManager start(Configuration configuration, RpcService rpc, ResourceManagerDriver driver,
                                   HighAvailabilityServices haServices) throws Exception {
        return new JobManager(configuration, rpc, port -> driver, haServices, r -> {});
    }

    private static void closeQuietly(HighAvailabilityServices ha) {
        if (ha != null) {
            try {
                ha.close();
            } catch (Exception e) {
                LOG.warn("Closing high-availability services: {}", e.toString());
            }
        }
    }

    /**
     * Starts a JobManager on an existing RPC service with the given HA services (closed with the
     * JobManager) and additional REST routes (the YARN application master adds the cluster shutdown route).
     */
    public static JobManager start(Configuration configuration, RpcService rpc, DriverFactory driverFactory,
                                   HighAvailabilityServices haServices,
                                   java.util.function.Consumer<io.sluice.rest.Router> extraRoutes) throws Exception {
        return new JobManager(configuration, rpc, driverFactory, haServices, extraRoutes);
    }

    private static io.sluice.rest.Router withExtraRoutes(io.sluice.rest.Router router,
                                                        java.util.function.Consumer<io.sluice.rest.Router> extra) {
        extra.accept(router);
        return router;
    }

    /** An RPC service as the JobManager's and TaskManager's entry points configure it. */
    public static RpcService startRpcService(Configuration config, String advertisedHost, String bindHost, int port) {
        return RpcSystem.load().start(new RpcServiceSettings(bindHost, advertisedHost, port,
                config.get(RpcOptions.ASK_TIMEOUT), config.get(RpcOptions.MAX_FRAME_SIZE).getBytes()));
    }

    private static ResourceManagerDriver createDriver(Configuration configuration, RpcService rpc) throws IOException {
        return switch (configuration.get(ResourceManagerOptions.DRIVER)) {
            case STANDALONE -> new StandaloneDriver();
            case PROCESS -> {
                Configuration forWorkers = configuration.copy();
                forWorkers.setString(JobManagerOptions.RPC_ADDRESS.key(), rpc.address());
                forWorkers.setString(JobManagerOptions.RPC_PORT.key(), String.valueOf(rpc.port()));
                String logFile = System.getProperty("sluice.log.file");
                Path logDir = logFile != null ? Path.of(logFile).toAbsolutePath().getParent()
                        : Path.of(configuration.get(CoreOptions.TMP_DIRS).split("[,;]")[0], "sluice-logs");
                yield new ProcessWorkerDriver(forWorkers, configuration.get(ResourceManagerOptions.PROCESS_JAVA_OPTIONS),
                        Files.createTempDirectory("sluice-process-driver"), logDir);
            }
        };
    }

    static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    public RpcService rpcService() {
        return rpcService;
    }

    public RpcRef<DispatcherProtocol> dispatcher() {
        return dispatcherRef;
    }

    /** The ResourceManager of this process with the token of its current leadership (the fixed one without HA). */
    public LeaderInfo resourceManagerLeader() {
        LeaderInfo current = currentResourceManagerLeader();
        return current != null ? current : new LeaderInfo(resourceManager.address(), StandaloneLeaderServices.DEFAULT_TOKEN);
    }

    public HighAvailabilityServices haServices() {
        return haServices;
    }

    public int restPort() {
        return restServer.port();
    }

    public String restAddress() {
        return configuration.getOptional(RestOptions.ADDRESS).orElse(rpcService.address());
    }

    public Configuration configuration() {
        return configuration;
    }

    public CompletableFuture<Void> terminationFuture() {
        return dispatcher.terminationFuture();
    }

    /**
     * Stops this JobManager. Its high-availability data stays: with HA, a standby takes over and
     * recovers the running jobs.
     */
    @Override
    public void close() {
        shutdown(false);
    }

    /**
     * Stops this JobManager and deletes all of the cluster's high-availability data (ZooKeeper
     * entries, stored job graphs, jars, checkpoints, job results). Only for a cluster that ends for
     * good (e.g. the YARN application's final attempt finishes), never on failover.
     */
    public void closeAndCleanupAllData() {
        shutdown(true);
    }

    private void shutdown(boolean cleanupHaData) {
        LOG.info("JobManager shutting down{}", cleanupHaData ? " for good: deleting its high-availability data" : "");
        restServer.close();
        if (restLeader != null) {
            try {
                restLeader.close();
            } catch (Exception e) {
                LOG.debug("closing the REST leader entry: {}", e.toString());
            }
        }
        await(dispatcher.closeAsync());
        await(resourceManager.closeAsync());
        blobServer.close();
        try {
            if (cleanupHaData) {
                haServices.closeAndCleanupAllData();
            } else {
                haServices.close();
            }
        } catch (Exception e) {
            LOG.warn("Closing high-availability services: {}", e.toString());
        }
        ioExecutor.shutdownNow();
        await(rpcService.closeAsync());
        org.apache.hadoop.fs.FileUtil.fullyDelete(workDir.toFile());
    }

    static void await(CompletableFuture<?> f) {
        try {
            f.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Shutdown step did not finish cleanly: {}", e.toString());
        }
    }

}
