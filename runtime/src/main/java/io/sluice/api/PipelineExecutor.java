package io.sluice.api;

import io.sluice.graph.JobGraph;

/**
 * Runs job graphs somewhere: in this JVM (local cluster), on a session cluster (the CLI), or on
 * YARN. The CLI installs one with {@link StreamEnvironment#initializeContext} before it calls the
 * user's main(), so the same program runs unchanged everywhere.
 */
public interface PipelineExecutor {

    /**
     * Submits the job and returns once it is accepted; the job runs on.
     *
     * @throws Exception when the job cannot be submitted; execute() reports it with the job's name
     */
    JobClient execute(JobGraph jobGraph) throws Exception;
}
