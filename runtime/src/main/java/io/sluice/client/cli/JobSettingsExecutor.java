package io.sluice.client.cli;

import io.sluice.api.JobClient;
import io.sluice.api.PipelineExecutor;
import io.sluice.graph.JobGraph;
import io.sluice.translation.JobGraphExecutor;
import java.util.HashMap;
import java.util.Map;

/**
 * Adds per-job settings from the command line (e.g. {@code -s}: the checkpoint to start from) to
 * every job the program submits, over what the program set itself, like Flink applies its
 * savepoint restore settings to the job graph. A session cluster only sees a job's own settings,
 * so they have to travel in the job graph rather than in the client's configuration.
 */
final class JobSettingsExecutor implements JobGraphExecutor {

    private final JobGraphExecutor delegate;
    private final Map<String, String> settings;

    JobSettingsExecutor(JobGraphExecutor delegate, Map<String, String> settings) {
        this.delegate = delegate;
        this.settings = Map.copyOf(settings);
    }

    /** {@code executor} itself when there is nothing to add. */
    static PipelineExecutor wrap(PipelineExecutor executor, Map<String, String> settings) {
        if (settings.isEmpty()) {
            return executor;
        }
        if (!(executor instanceof JobGraphExecutor runtimeExecutor)) {
            throw new IllegalArgumentException(executor.getClass().getName() + " does not run job graphs, so it "
                    + "cannot take the job settings " + settings.keySet());
        }
        return new JobSettingsExecutor(runtimeExecutor, settings);
    }

    @Override
    public JobClient execute(JobGraph jobGraph) throws Exception {
        Map<String, String> configuration = new HashMap<>(jobGraph.jobConfiguration());
        configuration.putAll(settings);
        return delegate.execute(new JobGraph(jobGraph.jobId(), jobGraph.jobName(), jobGraph.vertices(), jobGraph.edges(),
                configuration));
    }
}
