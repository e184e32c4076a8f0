package io.sluice.api;

import io.sluice.api.streamgraph.StreamGraph;

/**
 * Runs a program's stream graph somewhere: in this JVM (local cluster), on a session cluster (the
 * CLI), or on YARN. The runtime provides executors; each translates the stream graph into a job
 * graph. The CLI installs one with {@link StreamEnvironment#initializeContext} before it calls the
 * user's main(), so the same program runs unchanged everywhere.
 */
public interface PipelineExecutor {

    /**
     * Submits the job and returns once it is accepted; the job runs on.
     *
     * @throws InvalidJobException when the program describes no valid job (its message says what to change)
     * @throws Exception when the job cannot be submitted; execute() reports it with the job's name
     */
    JobClient execute(StreamGraph streamGraph) throws Exception;
}
