package io.sluice.entrypoint;

import io.sluice.common.ResourceId;
import io.sluice.config.Configuration;
import io.sluice.config.CoreOptions;
import io.sluice.config.RestOptions;
import io.sluice.config.RpcOptions;
import io.sluice.config.TaskManagerOptions;
import io.sluice.dispatcher.DispatcherProtocol;
import io.sluice.heartbeat.HeartbeatSettings;
import io.sluice.leader.StandaloneLeaderServices;
import io.sluice.resourcemanager.StandaloneDriver;
import io.sluice.rpc.RpcRef;
import io.sluice.rpc.RpcService;
import io.sluice.rpc.RpcServiceSettings;
import io.sluice.rpc.RpcSystem;
import io.sluice.taskexecutor.TaskExecutor;
import io.sluice.taskexecutor.TaskExecutorSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A JobManager and TaskManagers in this JVM, talking over the real RPC on loopback: for
 * {@code bin/sluice run -t local}, programs started from an IDE, and tests.
 */
public final class LocalCluster implements AutoCloseable {

    private final JobManager jobManager;
    private final List<TaskExecutor> taskExecutors = new ArrayList<>();

    private LocalCluster(JobManager jobManager) {
        this.jobManager = jobManager;
    }

    /** REST binds to loopback on a free port unless rest.port / rest.bind-address say otherwise. */
    public static LocalCluster start(Configuration configuration, int taskManagers, int slotsPerTaskManager) throws Exception {
        Configuration config = configuration.copy();
        if (!config.contains(RestOptions.PORT)) {
            config.set(RestOptions.PORT, 0);
        }
        if (!config.contains(RestOptions.BIND_ADDRESS)) {
            config.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        }
        RpcService rpc = RpcSystem.load().start(RpcServiceSettings.loopback()
                .withAskTimeout(config.get(RpcOptions.ASK_TIMEOUT)));
        JobManager jobManager;
        try {
            jobManager = JobManager.start(config, rpc, new StandaloneDriver());
        } catch (Exception e) {
            rpc.closeAsync();
            throw e;
        }
        LocalCluster cluster = new LocalCluster(jobManager);
        for (int i = 0; i < taskManagers; i++) {
            ResourceId id = new ResourceId("local-taskmanager-" + i);
            TaskExecutorSettings settings = new TaskExecutorSettings(id, rpc.address(), slotsPerTaskManager,
                    HeartbeatSettings.fromConfiguration(config),
                    config.get(TaskManagerOptions.REGISTRATION_INITIAL_BACKOFF),
                    config.get(TaskManagerOptions.REGISTRATION_MAX_BACKOFF),
                    config.get(TaskManagerOptions.REGISTRATION_TIMEOUT),
                    config.get(TaskManagerOptions.TASK_CANCELLATION_TIMEOUT),
                    Path.of(config.get(CoreOptions.TMP_DIRS).split("[,;]")[0]).resolve("sluice-" + id.value() + "-"
                            + java.util.UUID.randomUUID()),
                    io.sluice.usercode.UserCodeClassLoading.from(config));
            TaskExecutor te = new TaskExecutor(rpc, settings, io.sluice.network.NetworkSettings.fromConfiguration(config),
                    StandaloneLeaderServices.retrieval(jobManager.resourceManagerLeader().address()),
                    t -> org.slf4j.LoggerFactory.getLogger(LocalCluster.class).error("Fatal error in local TaskManager", t));
            te.start();
            cluster.taskExecutors.add(te);
        }
        return cluster;
    }

    /** The TaskManagers of this cluster (e.g. to look at their network buffer pools in tests). */
    public List<TaskExecutor> taskExecutors() {
        return List.copyOf(taskExecutors);
    }

    public RpcRef<DispatcherProtocol> dispatcher() {
        return jobManager.dispatcher();
    }

    public int restPort() {
        return jobManager.restPort();
    }

    public JobManager jobManager() {
        return jobManager;
    }

    @Override
    public void close() {
        for (TaskExecutor te : taskExecutors) {
            JobManager.await(te.closeAsync());
        }
        jobManager.close();
    }
}
