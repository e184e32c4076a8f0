package io.sluice.translation;

import io.sluice.api.JobClient;
import io.sluice.api.PipelineExecutor;
import io.sluice.api.streamgraph.StreamGraph;
import io.sluice.graph.JobGraph;

/** An executor of the runtime: translates the program's stream graph, then runs the job graph. */
public interface JobGraphExecutor extends PipelineExecutor {

    @Override
    default JobClient execute(StreamGraph streamGraph) throws Exception {
        return execute(JobGraphGenerator.translate(streamGraph));
    }

    /** Submits the job and returns once it is accepted; the job runs on. */
    JobClient execute(JobGraph jobGraph) throws Exception;
}
