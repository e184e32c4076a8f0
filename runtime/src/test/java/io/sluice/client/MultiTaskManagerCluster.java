package io.sluice.client;

import io.sluice.api.JobClient;
import io.sluice.api.PipelineExecutor;
import io.sluice.config.Configuration;
import io.sluice.dispatcher.DispatcherProtocol;
import io.sluice.entrypoint.LocalCluster;
import io.sluice.graph.JobGraph;
import io.sluice.api.common.JobId;
import io.sluice.network.NetworkEnvironment;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Test cluster: a JobManager and several TaskManagers in this JVM, each with its own network stack
 * and data port, kept across jobs. Slot i holds subtask i of every vertex, so with one slot per
 * TaskManager the subtasks of a vertex run in different TaskManagers and exchange data over TCP.
 */
public final class MultiTaskManagerCluster implements io.sluice.translation.JobGraphExecutor, AutoCloseable {

    private final LocalCluster cluster;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "test-job-client");
        t.setDaemon(true);
        return t;
    });

    public MultiTaskManagerCluster(Configuration config, int taskManagers, int slotsPerTaskManager) throws Exception {
        cluster = LocalCluster.start(config, taskManagers, slotsPerTaskManager);
        // the Dispatcher recovers jobs before it confirms its leadership: the first submission must wait for that
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                cluster.dispatcher().ask(new DispatcherProtocol.ListJobs()).get(10, TimeUnit.SECONDS);
                return;
            } catch (java.util.concurrent.ExecutionException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(20);
            }
        }
    }

    @Override
    public JobClient execute(JobGraph jobGraph) throws Exception {
        JobId id = cluster.dispatcher().<JobId>ask(new DispatcherProtocol.SubmitJob(jobGraph, List.of()))
                .get(60, TimeUnit.SECONDS);
        return new DispatcherJobClient(id, cluster.dispatcher(), timers);
    }

    public io.sluice.rpc.RpcRef<DispatcherProtocol> dispatcher() {
        return cluster.dispatcher();
    }

    /** The port of the JobManager's REST endpoint (on 127.0.0.1). */
    public int restPort() {
        return cluster.restPort();
    }

    /** The network stacks of the TaskManagers (buffer pools, partitions). */
    public List<NetworkEnvironment> networks() {
        return cluster.taskExecutors().stream().map(te -> te.network()).toList();
    }

    @Override
    public void close() {
        timers.shutdownNow();
        cluster.close();
    }
}
