package io.sluice.client;

import io.sluice.api.JobClient;
import io.sluice.api.PipelineExecutor;
import io.sluice.config.Configuration;
import io.sluice.dispatcher.DispatcherProtocol;
import io.sluice.entrypoint.LocalCluster;
import io.sluice.graph.JobGraph;
import io.sluice.api.common.JobId;
import io.sluice.graph.JobVertex;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs each job on a fresh {@link LocalCluster} (one TaskManager with as many slots as the job
 * needs) that shuts down when the job ends.
 */
public final class LocalClusterExecutor implements io.sluice.translation.JobGraphExecutor {

    private final Configuration configuration;
    private final List<Path> jars;
    private final java.util.function.Consumer<JobId> onSubmitted;

    public LocalClusterExecutor(Configuration configuration, List<Path> jars) {
        this(configuration, jars, id -> {});
    }

    public LocalClusterExecutor(Configuration configuration, List<Path> jars, java.util.function.Consumer<JobId> onSubmitted) {
        this.configuration = configuration;
        this.jars = List.copyOf(jars);
        this.onSubmitted = onSubmitted;
    }

    @Override
    public JobClient execute(JobGraph jobGraph) throws Exception {
        int slots = jobGraph.vertices().stream().mapToInt(JobVertex::parallelism).max().orElse(1);
        LocalCluster cluster = LocalCluster.start(configuration, 1, slots);
        try {
            List<DispatcherProtocol.JarFile> jarFiles = jars.stream()
                    .map(p -> new DispatcherProtocol.JarFile(p.toString(), p.getFileName().toString())).toList();
            JobId id;
            try {
                id = cluster.dispatcher().<JobId>ask(new DispatcherProtocol.SubmitJob(jobGraph, jarFiles))
                        .get(60, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                // the Dispatcher refused the job (e.g. its -s checkpoint cannot be read): nothing of it ran
                Throwable cause = e.getCause() == null ? e : e.getCause();
                throw new SubmissionException("could not submit the job: " + cause.getMessage(), cause);
            }
            onSubmitted.accept(id);
            ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "local-job-client");
                t.setDaemon(true);
                return t;
            });
            DispatcherJobClient client = new DispatcherJobClient(id, cluster.dispatcher(), timers);
            client.result().whenComplete((r, e) -> {
                timers.shutdown();
                cluster.close();
            });
            return client;
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
    }

    /** Found by {@link io.sluice.api.StreamEnvironment} through ServiceLoader when a program runs outside the CLI. */
    public static final class Factory implements io.sluice.api.PipelineExecutorFactory {
        @Override
        public PipelineExecutor create() {
            return new LocalClusterExecutor(new Configuration(), List.of());
        }
    }
}
