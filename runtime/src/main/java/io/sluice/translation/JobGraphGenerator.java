package io.sluice.translation;

import io.sluice.api.InvalidJobException;
import io.sluice.api.OutputTag;
import io.sluice.api.streamgraph.Operations;
import io.sluice.api.streamgraph.PartitionTransformation;
import io.sluice.api.streamgraph.Partitioning;
import io.sluice.api.streamgraph.SideOutputTransformation;
import io.sluice.api.streamgraph.SinkTransformation;
import io.sluice.api.streamgraph.StreamGraph;
import io.sluice.api.streamgraph.Transformation;
import io.sluice.api.streamgraph.TwoInputTransformation;
import io.sluice.api.streamgraph.UnionTransformation;
import io.sluice.graph.JobEdge;
import io.sluice.graph.JobGraph;
import io.sluice.api.common.JobId;
import io.sluice.graph.JobVertex;
import io.sluice.network.partitioner.BroadcastPartitioner;
import io.sluice.network.partitioner.ForwardPartitioner;
import io.sluice.network.partitioner.KeyGroupStreamPartitioner;
import io.sluice.network.partitioner.RescalePartitioner;
import io.sluice.network.partitioner.ShufflePartitioner;
import io.sluice.network.partitioner.RebalancePartitioner;
import io.sluice.network.partitioner.StreamPartitioner;
import io.sluice.streaming.ChainedOperatorConfig;
import io.sluice.streaming.NetworkOutputConfig;
import io.sluice.streaming.StreamTask;
import io.sluice.streaming.StreamTaskConfig;
import io.sluice.api.common.UserCodeSerialization;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns a {@link StreamGraph} into a {@link JobGraph}. Virtual transformations (partitioning, union,
 * side-output selection) are resolved into edges between operators. An edge is chained — both
 * operators run in one task and records pass by method call — when it is a forward edge between
 * operators of the same parallelism, the consumer has no other input, and neither operator opted out
 * ({@code disableChaining}, {@code startNewChain}). Every other edge becomes a {@link JobEdge}
 * carried by the network with its partitioner.
 */
public final class JobGraphGenerator {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JobGraphGenerator.class);

    /** A resolved edge between two operators. */
    private record StreamEdge(Transformation<?> source, Transformation<?> target, int inputNumber,
                              StreamPartitioner<?> partitioner, OutputTag<?> sideOutput) {
    }

    private final StreamGraph graph;
    private final Map<Transformation<?>, String> operatorIds;
    private final List<Transformation<?>> operators;
    private final Map<Transformation<?>, List<StreamEdge>> outEdges = new LinkedHashMap<>();
    private final Map<Transformation<?>, List<StreamEdge>> inEdges = new HashMap<>();
    private final Map<Transformation<?>, Transformation<?>> headOf = new HashMap<>();
    private final List<StreamEdge> networkEdges = new ArrayList<>();

    private JobGraphGenerator(StreamGraph graph) {
        this.graph = graph;
        this.operatorIds = OperatorIds.assign(graph);
        this.operators = graph.transformations().stream().filter(t -> !t.isVirtual()).toList();
    }

    /**
     * The job graph of a program's stream graph, under the id the stream graph carries.
     *
     * @throws InvalidJobException when the program cannot run (no sink, duplicate uid, bad partitioning)
     */
    public static JobGraph translate(StreamGraph graph) {
        JobGraph jobGraph = generate(graph, graph.jobId());
        warnAboutSourcesThatCannotReplay(graph);
        LOG.info("Job '{}' ({}) has {} task(s)", graph.jobName(), jobGraph.jobId(), jobGraph.numberOfTasks());
        return jobGraph;
    }

    /** Exactly-once needs sources that can rewind to a checkpoint's position; a socket cannot. */
    private static void warnAboutSourcesThatCannotReplay(StreamGraph graph) {
        io.sluice.config.Configuration config = io.sluice.config.Configuration.fromMap(graph.jobConfiguration());
        if (!io.sluice.config.CheckpointingOptions.isEnabled(config)
                || config.get(io.sluice.config.CheckpointingOptions.MODE) != io.sluice.api.checkpoint.CheckpointingMode.EXACTLY_ONCE) {
            return;
        }
        for (Transformation<?> t : graph.sources()) {
            boolean replays = t.operation() instanceof Operations.FromSource<?> s
                    ? s.source().canReplay()
                    : t.operation() instanceof EngineOperation e && e.operator() instanceof io.sluice.streaming.source.ReplayableSource<?>;
            if (!replays) {
                LOG.warn("Source '{}' cannot rewind to a checkpoint's position: after a failure the records it "
                        + "delivered since the last checkpoint are lost, so this job is not exactly once", t.name());
            }
        }
    }

    /** @throws InvalidJobException when the program cannot run (no sink, duplicate uid, bad partitioning) */
    public static JobGraph generate(StreamGraph graph, JobId jobId) {
        validate(graph);
        return new JobGraphGenerator(graph).build(jobId);
    }

    private JobGraph build(JobId jobId) {
        for (Transformation<?> t : operators) {
            outEdges.put(t, new ArrayList<>());
            inEdges.put(t, new ArrayList<>());
        }
        for (Transformation<?> t : operators) {
            List<Transformation<?>> inputs = t.inputs();
            for (int i = 0; i < inputs.size(); i++) {
                resolve(inputs.get(i), t, i + 1, null, null);
            }
        }
        // chain heads: operators not reached by a chainable edge; assigned in creation order
        List<Transformation<?>> heads = new ArrayList<>();
        for (Transformation<?> t : operators) {
            List<StreamEdge> in = inEdges.get(t);
            if (in.size() == 1 && isChainable(in.get(0))) {
                headOf.put(t, headOf.get(in.get(0).source()));
            } else {
                headOf.put(t, t);
                heads.add(t);
            }
        }
        for (Transformation<?> t : operators) {
            for (StreamEdge e : outEdges.get(t)) {
                if (!isChained(e)) {
                    networkEdges.add(e);
                }
            }
        }
        List<JobEdge> jobEdges = new ArrayList<>();
        for (StreamEdge e : networkEdges) {
            jobEdges.add(new JobEdge(vertexId(e.source()), vertexId(e.target()), partitioning(e.partitioner())));
        }
        List<JobVertex> vertices = new ArrayList<>();
        for (Transformation<?> head : heads) {
            ChainedOperatorConfig config = chain(head);
            String name = chainName(config);
            List<Integer> inputs = new ArrayList<>();
            for (StreamEdge e : networkEdges) {
                if (e.target() == head) {
                    inputs.add(e.inputNumber());
                }
            }
            StreamTaskConfig taskConfig = new StreamTaskConfig(name, graph.maxParallelism(), config, inputs);
            vertices.add(new JobVertex(operatorIds.get(head), name, graph.parallelismOf(head), graph.maxParallelism(),
                    StreamTask.class.getName(), taskConfig.toBytes(), operatorIdsOf(config, new ArrayList<>())));
        }
        return new JobGraph(jobId, graph.jobName(), vertices, jobEdges, graph.jobConfiguration());
    }

    private static List<String> operatorIdsOf(ChainedOperatorConfig node, List<String> into) {
        into.add(node.operatorId());
        node.outputs().forEach(next -> operatorIdsOf(next, into));
        return into;
    }

    /** Walks up from {@code target}'s input through virtual transformations to the operators feeding it. */
    private void resolve(Transformation<?> t, Transformation<?> target, int inputNumber,
                         StreamPartitioner<?> partitioner, OutputTag<?> tag) {
        if (t instanceof PartitionTransformation<?> p) {
            // the partitioning closest to the consumer (applied last by the user) wins
            resolve(p.inputs().get(0), target, inputNumber, partitioner != null ? partitioner
                    : partitioner(p.partitioning(), p.inputs().get(0)), tag);
        } else if (t instanceof SideOutputTransformation<?> s) {
            resolve(s.inputs().get(0), target, inputNumber, partitioner, tag != null ? tag : s.tag());
        } else if (t instanceof UnionTransformation<?> u) {
            for (Transformation<?> input : u.inputs()) {
                resolve(input, target, inputNumber, partitioner, tag);
            }
        } else {
            StreamPartitioner<?> effective = partitioner;
            int up = graph.parallelismOf(t);
            int down = graph.parallelismOf(target);
            if (effective == null) {
                effective = up == down ? new ForwardPartitioner<>() : new RebalancePartitioner<>();
            } else if (effective instanceof ForwardPartitioner<?> && up != down) {
                throw new InvalidJobException("forward() between '" + t.name() + "' (parallelism " + up + ") and '"
                        + target.name() + "' (parallelism " + down + ") needs equal parallelism; use rebalance() "
                        + "or rescale(), or give both the same parallelism");
            }
            StreamEdge edge = new StreamEdge(t, target, inputNumber, effective, tag);
            outEdges.get(t).add(edge);
            inEdges.get(target).add(edge);
        }
    }

    private boolean isChainable(StreamEdge e) {
        Transformation<?> up = e.source();
        Transformation<?> down = e.target();
        return e.partitioner() instanceof ForwardPartitioner<?>
                && !(down instanceof TwoInputTransformation<?, ?, ?>)
                && !down.inputs().isEmpty()
                && graph.parallelismOf(up) == graph.parallelismOf(down)
                && graph.chainingEnabled()
                && up.chainingStrategy() != Transformation.ChainingStrategy.NEVER
                && down.chainingStrategy() == Transformation.ChainingStrategy.ALWAYS;
    }

    private boolean isChained(StreamEdge e) {
        return headOf.get(e.target()) != e.target();
    }

    private String vertexId(Transformation<?> t) {
        return operatorIds.get(headOf.get(t));
    }

    /** {@code t} and, recursively, the operators chained to it; network edges get their result index. */
    private ChainedOperatorConfig chain(Transformation<?> t) {
        List<ChainedOperatorConfig> outputs = new ArrayList<>();
        List<OutputTag<?>> tags = new ArrayList<>();
        List<NetworkOutputConfig> network = new ArrayList<>();
        String vertex = vertexId(t);
        for (StreamEdge e : outEdges.get(t)) {
            if (isChained(e)) {
                outputs.add(chain(e.target()));
                tags.add(e.sideOutput());
            } else {
                int resultIndex = 0;
                for (StreamEdge other : networkEdges) {
                    if (other == e) {
                        break;
                    }
                    if (vertexId(other.source()).equals(vertex)) {
                        resultIndex++;
                    }
                }
                StreamPartitioner<?> partitioner = e.partitioner();
                network.add(new NetworkOutputConfig(resultIndex, e.sideOutput(),
                        serialize(partitioner, "the partitioner (key selector) between '" + t.name() + "' and '"
                                + e.target().name() + "'")));
            }
        }
        return new ChainedOperatorConfig(operatorIds.get(t), t.name(), serialize(OperatorFactory.create(t, graph), "operator '" + t.name()
                + "'"), outputs, tags, network);
    }

    /**
     * The partitioner of a partitioning; {@code producer} is the transformation whose records it
     * distributes (rescale needs its parallelism; a union's inputs share the first one's).
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private StreamPartitioner<?> partitioner(Partitioning partitioning, Transformation<?> producer) {
        if (partitioning instanceof Partitioning.Forward) {
            return new ForwardPartitioner<>();
        }
        if (partitioning instanceof Partitioning.Rebalance) {
            return new RebalancePartitioner<>();
        }
        if (partitioning instanceof Partitioning.Rescale) {
            return new RescalePartitioner<>(graph.parallelismOf(firstOperator(producer)));
        }
        if (partitioning instanceof Partitioning.Broadcast) {
            return new BroadcastPartitioner<>();
        }
        if (partitioning instanceof Partitioning.Shuffle) {
            return new ShufflePartitioner<>();
        }
        Partitioning.ByKey byKey = (Partitioning.ByKey) partitioning;
        // key groups are fixed by the job's max parallelism
        return new KeyGroupStreamPartitioner(byKey.keySelector(), graph.maxParallelism());
    }

    private static Transformation<?> firstOperator(Transformation<?> t) {
        while (t.isVirtual()) {
            t = t.inputs().get(0);
        }
        return t;
    }

    private static JobEdge.Partitioning partitioning(StreamPartitioner<?> partitioner) {
        return JobEdge.Partitioning.valueOf(partitioner.describe());
    }

    private static byte[] serialize(Object userObject, String what) {
        try {
            return UserCodeSerialization.serialize(userObject);
        } catch (IOException e) {
            // NotSerializableException's message is the offending class
            throw new InvalidJobException("the function of " + what + " cannot be serialized ("
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
            if (t.isVirtual()) {
                continue;
            }
            int parallelism = graph.parallelismOf(t);
            if (parallelism > maxParallelism) {
                throw new InvalidJobException("operator '" + t.name() + "' has parallelism " + parallelism
                        + ", more than the max parallelism " + maxParallelism
                        + "; lower it or raise setMaxParallelism(...)");
            }
            if (t.operation() instanceof Operations.SinkTo<?> sinkTo) {
                sinkTo.sink().validate(graph.jobConfiguration());
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
