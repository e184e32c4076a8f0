package io.sluice.api.streamgraph;

import io.sluice.translation.JobGraphGenerator;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.DataStream;
import io.sluice.api.InvalidJobException;
import io.sluice.api.OutputTag;
import io.sluice.api.StreamEnvironment;
import io.sluice.graph.JobEdge;
import io.sluice.graph.JobEdge.Partitioning;
import io.sluice.graph.JobGraph;
import io.sluice.graph.JobVertex;
import io.sluice.network.partitioner.KeyGroupStreamPartitioner;
import io.sluice.streaming.ChainedOperatorConfig;
import io.sluice.streaming.InProcessPipelineExecutor;
import io.sluice.streaming.StreamTaskConfig;
import io.sluice.api.common.UserCodeSerialization;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which operators the JobGraphGenerator chains, and what the network edges between vertices look like. */
class ChainingRulesTest {

    @AfterEach
    void reset() {
        StreamEnvironment.resetContext();
    }

    private static StreamEnvironment env(int parallelism) {
        StreamEnvironment.initializeContext(new InProcessPipelineExecutor(), parallelism);
        return StreamEnvironment.getExecutionEnvironment();
    }

    private static List<String> names(JobGraph g) {
        return g.vertices().stream().map(JobVertex::name).toList();
    }

    private static JobEdge edge(JobGraph g, int from, int to, Partitioning p) {
        return new JobEdge(g.vertices().get(from).id(), g.vertices().get(to).id(), p);
    }

    private static StreamTaskConfig config(JobVertex v) throws Exception {
        return StreamTaskConfig.fromBytes(v.invokableConfiguration(), ChainingRulesTest.class.getClassLoader());
    }

    @Test
    void keyByBreaksTheChainWithAHashEdgeAndTheConsumerReadsInputOne() throws Exception {
        StreamEnvironment env = env(2);
        env.fromSequence(1, 10).map(x -> x + 1).keyBy(x -> x % 3).map(x -> x).discard();
        JobGraph g = JobGraphGenerator.translate(env.getStreamGraph("keyed"));
        assertEquals(List.of("Sequence Source -> Map", "Map -> Discard Sink"), names(g));
        assertEquals(List.of(edge(g, 0, 1, Partitioning.HASH)), g.edges());
        assertEquals(List.of(1), config(g.vertices().get(1)).inputs());
        ChainedOperatorConfig map = config(g.vertices().get(0)).head().outputs().get(0);
        assertEquals(1, map.networkOutputs().size());
        assertEquals(0, map.networkOutputs().get(0).resultIndex());
    }

    @Test
    void keyGroupsFollowTheJobsMaxParallelismEvenWhenSetAfterKeyBy() throws Exception {
        StreamEnvironment env = env(2);
        DataStream<Long> keyed = env.fromSequence(1, 10).keyBy(x -> x);
        env.setMaxParallelism(64);
        keyed.discard();
        JobGraph g = JobGraphGenerator.translate(env.getStreamGraph("max parallelism"));
        byte[] partitioner = config(g.vertices().get(0)).head().networkOutputs().get(0).partitioner();
        KeyGroupStreamPartitioner<?, ?> p = (KeyGroupStreamPartitioner<?, ?>) UserCodeSerialization.deserialize(
                partitioner, getClass().getClassLoader());
        assertEquals(64, p.maxParallelism());
        assertEquals(64, g.vertices().get(1).maxParallelism());
    }

    @Test
    void explicitPartitioningsBecomeEdgesOfTheirKind() {
        StreamEnvironment env = env(2);
        DataStream<Long> source = env.fromSequence(1, 10);
        source.rebalance().discard();
        source.rescale().discard();
        source.broadcast().discard();
        source.shuffle().discard();
        source.forward().map(x -> x).disableChaining().discard();
        JobGraph g = JobGraphGenerator.translate(env.getStreamGraph("partitionings"));
        assertEquals(List.of(edge(g, 0, 1, Partitioning.REBALANCE), edge(g, 0, 2, Partitioning.RESCALE),
                edge(g, 0, 3, Partitioning.BROADCAST), edge(g, 0, 4, Partitioning.SHUFFLE),
                edge(g, 0, 5, Partitioning.FORWARD), edge(g, 5, 6, Partitioning.FORWARD)), g.edges(),
                "a map with chaining disabled is chained to neither side");
    }

    @Test
    void disableChainingAndStartNewChain() {
        StreamEnvironment env = env(2);
        env.fromSequence(1, 10).map(x -> x).name("A").disableChaining()
                .map(x -> x).name("B")
                .map(x -> x).name("C").startNewChain()
                .map(x -> x).name("D")
                .discard();
        JobGraph g = JobGraphGenerator.translate(env.getStreamGraph("chains"));
        assertEquals(List.of("Sequence Source", "A", "B", "C -> D -> Discard Sink"), names(g));
        assertEquals(List.of(edge(g, 0, 1, Partitioning.FORWARD), edge(g, 1, 2, Partitioning.FORWARD),
                edge(g, 2, 3, Partitioning.FORWARD)), g.edges());

        StreamEnvironment unchained = env(2);
        unchained.disableOperatorChaining();
        unchained.fromSequence(1, 10).map(x -> x).discard();
        assertEquals(3, JobGraphGenerator.translate(unchained.getStreamGraph("no chains")).vertices().size());
    }

    static final class ToText implements io.sluice.api.functions.CoMapFunction<Long, String, String> {
        @Override
        public String map1(Long v) {
            return "" + v;
        }

        @Override
        public String map2(String v) {
            return v;
        }
    }

    @Test
    void unionIsOneInputWithSeveralEdgesAndConnectTwoInputs() throws Exception {
        StreamEnvironment env = env(2);
        DataStream<Long> a = env.fromSequence(1, 10).name("A");
        DataStream<Long> b = env.fromSequence(1, 10).name("B").setParallelism(1);
        a.union(b).map(x -> x).name("U").discard();
        a.connect(b.map(x -> "s" + x).name("S").setParallelism(1)).map(new ToText()).name("Co").discard();
        JobGraph g = JobGraphGenerator.translate(env.getStreamGraph("union and connect"));
        assertEquals(List.of("A", "B -> S", "U -> Discard Sink", "Co -> Discard Sink"), names(g));
        // A's forward edge to U cannot chain (U has two inputs); B -> U changes parallelism: rebalance
        assertEquals(List.of(edge(g, 0, 2, Partitioning.FORWARD), edge(g, 0, 3, Partitioning.FORWARD),
                edge(g, 1, 2, Partitioning.REBALANCE), edge(g, 1, 3, Partitioning.REBALANCE)), g.edges());
        assertEquals(List.of(1, 1), config(g.vertices().get(2)).inputs());
        assertEquals(List.of(1, 2), config(g.vertices().get(3)).inputs());
    }

    @Test
    void sideOutputsChainOrCrossTheNetworkWithTheirTag() throws Exception {
        StreamEnvironment env = env(2);
        OutputTag<Long> late = new OutputTag<>("late");
        DataStream<Long> main = env.fromSequence(1, 10).map(x -> x).name("P");
        main.getSideOutput(late).map(x -> x).name("Chained").discard();
        main.getSideOutput(late).rebalance().map(x -> x).name("Remote").discard();
        JobGraph g = JobGraphGenerator.translate(env.getStreamGraph("side outputs"));
        assertEquals(2, g.vertices().size());
        ChainedOperatorConfig p = config(g.vertices().get(0)).head().outputs().get(0);
        assertEquals("P", p.name());
        assertEquals(List.of(late), p.outputTags());
        assertEquals(late, p.networkOutputs().get(0).sideOutput());
    }

    @Test
    void forwardNeedsEqualParallelismAndMaxParallelismBoundsParallelism() {
        StreamEnvironment env = env(2);
        env.fromSequence(1, 10).forward().map(x -> x).setParallelism(3).discard();
        InvalidJobException e = assertThrows(InvalidJobException.class, () -> JobGraphGenerator.translate(env.getStreamGraph("bad forward")));
        assertTrue(e.getMessage().contains("needs equal parallelism"), e.getMessage());

        StreamEnvironment env2 = env(4);
        env2.setMaxParallelism(3);
        env2.fromSequence(1, 10).discard();
        e = assertThrows(InvalidJobException.class, () -> JobGraphGenerator.translate(env2.getStreamGraph("too parallel")));
        assertTrue(e.getMessage().contains("more than the max parallelism 3"), e.getMessage());
    }
}
