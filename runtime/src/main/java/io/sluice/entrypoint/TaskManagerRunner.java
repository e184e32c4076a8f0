package io.sluice.entrypoint;

import io.sluice.common.ResourceId;
import io.sluice.config.Configuration;
import io.sluice.config.CoreOptions;
import io.sluice.config.JobManagerOptions;
import io.sluice.config.TaskManagerOptions;
import io.sluice.ha.HighAvailabilityServices;
import io.sluice.ha.HighAvailabilityServicesLoader;
import io.sluice.heartbeat.HeartbeatSettings;
import io.sluice.protocol.ResourceManagerProtocol;
import io.sluice.resourcemanager.ResourceManager;
import io.sluice.rpc.RpcService;
import io.sluice.taskexecutor.TaskExecutor;
import io.sluice.taskexecutor.TaskExecutorSettings;
import io.sluice.usercode.UserCodeClassLoading;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Entry point of a TaskManager process (bin/sluice taskmanager, the process driver, YARN containers). */
public final class TaskManagerRunner {

    private static final Logger LOG = LoggerFactory.getLogger(TaskManagerRunner.class);

    private TaskManagerRunner() {}

    public static void main(String[] args) throws Exception {
        Configuration config = EntrypointArguments.parse(args).loadConfiguration();
        String host = advertisedHost(config);
        if (!config.contains(TaskManagerOptions.RESOURCE_ID)) {
            // fixed now: the network stack below and the TaskExecutor must use the same id
            config.setString(TaskManagerOptions.RESOURCE_ID.key(), ResourceId.generate("taskmanager").value());
        }
        // Starting Akka is the longest step of a TaskManager's start (class loading); with high
        // availability the ZooKeeper client connects and finds the leader meanwhile.
        CompletableFuture<RpcService> rpcStart = CompletableFuture.supplyAsync(
                () -> JobManager.startRpcService(config, host, host, config.get(TaskManagerOptions.RPC_PORT)),
                r -> new Thread(r, "rpc-service-start").start());
        HighAvailabilityServices ha;
        try {
            ha = HighAvailabilityServicesLoader.isHighlyAvailable(config) ? HighAvailabilityServicesLoader.loadForTaskManager(config, null) : null;
        } catch (Exception | Error e) {
            // Akka's threads would keep the failed process alive
            rpcStart.thenAccept(RpcService::closeAsync);
            throw e;
        }
        // The network stack (Netty, buffers, the data port) needs no RPC: it starts while Akka does.
        io.sluice.network.NetworkEnvironment network;
        try {
            network = io.sluice.network.NetworkEnvironment.start(io.sluice.network.NetworkSettings.fromConfiguration(config),
                    config.get(TaskManagerOptions.RESOURCE_ID), host, host);
        } catch (Exception | Error e) {
            rpcStart.thenAccept(RpcService::closeAsync);
            if (ha != null) {
                ha.close();
            }
            throw e;
        }
        RpcService rpc;
        try {
            rpc = rpcStart.join();
        } catch (java.util.concurrent.CompletionException e) {
            network.close();
            if (ha != null) {
                ha.close(); // its ZooKeeper threads would keep the failed process alive
            }
            throw e;
        }
        if (ha == null) {
            // The ResourceManager's address is known now: opening the connection (TCP and the
            // transport's handshake, cold code on both sides) overlaps with the network stack's start
            // instead of delaying the registration that follows; its result is not needed.
            rpc.connect(rpc.endpointAddress(config.get(JobManagerOptions.RPC_ADDRESS), config.get(JobManagerOptions.RPC_PORT),
                    ResourceManager.ENDPOINT_NAME), ResourceManagerProtocol.class);
        }
        TaskExecutor taskExecutor = start(config, rpc, TaskManagerRunner::exitOnFatalError, ha, network);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("Shutdown requested");
            JobManager.await(taskExecutor.closeAsync());
            JobManager.await(rpc.closeAsync());
        }, "taskmanager-shutdown"));
        taskExecutor.terminationFuture().get();
    }

    /**
     * Starts a TaskExecutor on {@code rpc} that finds the ResourceManager through the high-availability
     * services (ZooKeeper), or through jobmanager.rpc.address/port without HA.
     */
    public static TaskExecutor start(Configuration config, RpcService rpc, Consumer<Throwable> fatalErrorHandler)
            throws Exception {
        return start(config, rpc, fatalErrorHandler, null, null);
    }

    /**
     * @param preloadedHa high-availability services loaded already (closed with the TaskExecutor), or null
     * @param startedNetwork the network stack, started for this TaskManager's resource id (closed with the
     *                       TaskExecutor), or null
     */
    static TaskExecutor start(Configuration config, RpcService rpc, Consumer<Throwable> fatalErrorHandler,
                              HighAvailabilityServices preloadedHa, io.sluice.network.NetworkEnvironment startedNetwork)
            throws Exception {
        HighAvailabilityServices ha = preloadedHa;
        TaskExecutor taskExecutor;
        try {
            ResourceId id = config.getOptional(TaskManagerOptions.RESOURCE_ID).map(ResourceId::new)
                    .orElseGet(() -> ResourceId.generate("taskmanager"));
            TaskExecutorSettings settings = new TaskExecutorSettings(id, rpc.address(),
                    config.get(TaskManagerOptions.NUM_TASK_SLOTS), HeartbeatSettings.fromConfiguration(config),
                    config.get(TaskManagerOptions.REGISTRATION_INITIAL_BACKOFF),
                    config.get(TaskManagerOptions.REGISTRATION_MAX_BACKOFF),
                    config.get(TaskManagerOptions.REGISTRATION_TIMEOUT),
                    config.get(TaskManagerOptions.TASK_CANCELLATION_TIMEOUT),
                    Path.of(config.get(CoreOptions.TMP_DIRS).split("[,;]")[0]).resolve("sluice-" + id.value()),
                    UserCodeClassLoading.from(config));
            if (ha == null) {
                ha = HighAvailabilityServicesLoader.loadForTaskManager(config, rpc.endpointAddress(
                        config.get(JobManagerOptions.RPC_ADDRESS), config.get(JobManagerOptions.RPC_PORT),
                        ResourceManager.ENDPOINT_NAME));
            }
            taskExecutor = startedNetwork != null
                    ? new TaskExecutor(rpc, settings, startedNetwork, ha.leaderRetrieval(HighAvailabilityServices.RESOURCE_MANAGER),
                            fatalErrorHandler)
                    : new TaskExecutor(rpc, settings, io.sluice.network.NetworkSettings.fromConfiguration(config),
                            ha.leaderRetrieval(HighAvailabilityServices.RESOURCE_MANAGER), fatalErrorHandler);
        } catch (Exception | Error e) {
            // the network stack's and ZooKeeper's threads would keep the failed process alive
            if (startedNetwork != null) {
                startedNetwork.close();
            }
            if (ha != null) {
                ha.close();
            }
            throw e;
        }
        HighAvailabilityServices haToClose = ha;
        taskExecutor.terminationFuture().whenComplete((ok, failure) -> {
            try {
                haToClose.close();
            } catch (Exception e) {
                LOG.warn("Closing high-availability services: {}", e.toString());
            }
        });
        taskExecutor.start();
        return taskExecutor;
    }

    /**
     * taskmanager.host, else the JobManager's address when that is a loopback name (single machine),
     * else this machine's host name.
     */
    static String advertisedHost(Configuration config) {
        return config.getOptional(TaskManagerOptions.HOST).orElseGet(() -> {
            String jm = config.get(JobManagerOptions.RPC_ADDRESS);
            try {
                if (InetAddress.getByName(jm).isLoopbackAddress()) {
                    return jm;
                }
                return InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                return jm;
            }
        });
    }

    /** A stuck task or a lost ResourceManager: end the process so that its supervisor replaces it. */
    static void exitOnFatalError(Throwable t) {
        LOG.error("Fatal error, TaskManager exits: {}", t.getMessage(), t);
        Thread exit = new Thread(() -> System.exit(70), "fatal-exit");
        exit.setDaemon(true);
        exit.start();
        try {
            exit.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Runtime.getRuntime().halt(70); // shutdown hooks hung: a stuck task must not keep the process alive
    }
}
