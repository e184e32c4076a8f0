package io.sluice.benchmarks;

import io.sluice.api.JobClient;
import io.sluice.api.PipelineExecutor;
import io.sluice.client.DispatcherJobClient;
import io.sluice.dispatcher.DispatcherProtocol;
import io.sluice.entrypoint.LocalCluster;
import io.sluice.graph.JobGraph;
import io.sluice.api.common.JobId;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Submits jobs to a running {@link LocalCluster}, so that a benchmark measures jobs and not cluster
 * start-ups. The job's classes come from this JVM's classpath: no jars are shipped.
 */
final class ClusterExecutor implements io.sluice.translation.JobGraphExecutor, AutoCloseable {

    private final LocalCluster cluster;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "benchmark-job-client");
        t.setDaemon(true);
        return t;
    });

    ClusterExecutor(LocalCluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public JobClient execute(JobGraph jobGraph) throws Exception {
        JobId id = cluster.dispatcher().<JobId>ask(new DispatcherProtocol.SubmitJob(jobGraph, List.of()))
                .get(60, TimeUnit.SECONDS);
        return new DispatcherJobClient(id, cluster.dispatcher(), timers);
    }

    @Override
    public void close() {
        timers.shutdownNow();
    }
}
