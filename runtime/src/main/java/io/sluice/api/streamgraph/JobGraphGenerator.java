package io.sluice.api.streamgraph;

import io.sluice.api.InvalidJobException;
import io.sluice.graph.JobGraph;
import io.sluice.graph.JobId;
import io.sluice.graph.JobVertex;
import io.sluice.streaming.ChainedOperatorConfig;
import io.sluice.streaming.StreamTask;
import io.sluice.streaming.StreamTaskConfig;
import io.sluice.streaming.UserCodeSerialization;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns a {@link StreamGraph} into a {@link JobGraph}. Operators connected forward with the same
 * parallelism are chained into one vertex (one task; records pass by method call). Until the
 * network shuffle exists every operator must chain to its input, so each source roots one vertex.
 */
public final class JobGraphGenerator {

    private final StreamGraph graph;
    private final Map<Transformation<?>, String> operatorIds;

    private JobGraphGenerator(StreamGraph graph) {
        this.graph = graph;
        this.operatorIds = OperatorIds.assign(graph);
    }

    /** @throws InvalidJobException when the program cannot run (no sink, duplicate uid, unchainable operators) */
    public static JobGraph generate(StreamGraph graph, JobId jobId) {
        validate(graph);
        return new JobGraphGenerator(graph).build(jobId);
    }

    private JobGraph build(JobId jobId) {
        List<JobVertex> vertices = new ArrayList<>();
        for (Transformation<?> source : graph.sources()) {
            ChainedOperatorConfig head = chain(source);
            String name = chainName(head);
            StreamTaskConfig config = new StreamTaskConfig(name, graph.maxParallelism(), head);
            vertices.add(new JobVertex(operatorIds.get(source), name, graph.parallelismOf(source),
                    graph.maxParallelism(), StreamTask.class.getName(), config.toBytes()));
        }
        return new JobGraph(jobId, graph.jobName(), vertices, List.of(), graph.jobConfiguration());
    }

    /** {@code t} and, recursively, its consumers, which must all run with {@code t}'s parallelism. */
    private ChainedOperatorConfig chain(Transformation<?> t) {
        List<ChainedOperatorConfig> outputs = new ArrayList<>();
        for (Transformation<?> consumer : graph.consumersOf(t)) {
            int upstream = graph.parallelismOf(t);
            int downstream = graph.parallelismOf(consumer);
            if (upstream != downstream) {
                throw new InvalidJobException("operator '" + consumer.name() + "' (parallelism " + downstream
                        + ") cannot be chained to '" + t.name() + "' (parallelism " + upstream
                        + "): data exchange between tasks arrives with the network shuffle; use the same parallelism");
            }
            outputs.add(chain(consumer));
        }
        return new ChainedOperatorConfig(operatorIds.get(t), t.name(), serialize(t), outputs);
    }

    private static byte[] serialize(Transformation<?> t) {
        try {
            return UserCodeSerialization.serialize(t.operator());
        } catch (IOException e) {
            // NotSerializableException's message is the offending class
            throw new InvalidJobException("the function of operator '" + t.name() + "' cannot be serialized ("
                    + e + "): a function and everything it captures must be Serializable; "
                    + "mark fields it does not need as transient", e);
        }
    }

    /** "A -> B -> C"; a fan-out reads "A -> (B -> C, D)". */
    static String chainName(ChainedOperatorConfig node) {
        List<ChainedOperatorConfig> outputs = node.outputs();
        if (outputs.isEmpty()) {
            return node.name();
        }
        if (outputs.size() == 1) {
            return node.name() + " -> " + chainName(outputs.get(0));
        }
        return node.name() + " -> (" + outputs.stream().map(JobGraphGenerator::chainName)
                .collect(Collectors.joining(", ")) + ")";
    }

    private static void validate(StreamGraph graph) {
        if (graph.sinks().isEmpty()) {
            throw new InvalidJobException("job '" + graph.jobName()
                    + "' has no sink: end a stream with writeAsText(path) or discard() before executing");
        }
        int maxParallelism = graph.maxParallelism();
        Map<String, Transformation<?>> byUid = new HashMap<>();
        for (Transformation<?> t : graph.transformations()) {
            int parallelism = graph.parallelismOf(t);
            if (parallelism > maxParallelism) {
                throw new InvalidJobException("operator '" + t.name() + "' has parallelism " + parallelism
                        + ", more than the max parallelism " + maxParallelism
                        + "; lower it or raise setMaxParallelism(...)");
            }
            if (t.uid() != null) {
                Transformation<?> other = byUid.putIfAbsent(t.uid(), t);
                if (other != null) {
                    throw new InvalidJobException("uid '" + t.uid() + "' is used by both '" + other.name()
                            + "' and '" + t.name() + "': uids must be unique within a job");
                }
            }
        }
    }
}
