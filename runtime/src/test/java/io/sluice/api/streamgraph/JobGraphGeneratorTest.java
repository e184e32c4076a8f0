package io.sluice.api.streamgraph;

import io.sluice.translation.JobGraphGenerator;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.DataStream;
import io.sluice.api.InvalidJobException;
import io.sluice.api.StreamEnvironment;
import io.sluice.graph.JobGraph;
import io.sluice.graph.JobVertex;
import io.sluice.streaming.ChainedOperatorConfig;
import io.sluice.streaming.StreamTask;
import io.sluice.streaming.StreamTaskConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JobGraphGeneratorTest {

    @AfterEach
    void noContext() {
        StreamEnvironment.resetContext();
    }

    private static StreamEnvironment env(int parallelism) {
        return StreamEnvironment.getExecutionEnvironment().setParallelism(parallelism);
    }

    @Test
    void chainsSourceMapFilterAndSinkIntoOneVertex() throws Exception {
        StreamEnvironment env = env(4);
        env.fromSequence(1, 10).map(x -> x * 2).filter(x -> x > 3).writeAsText("file:///tmp/unused");

        JobGraph graph = JobGraphGenerator.translate(env.getStreamGraph("chain"));

        assertEquals(1, graph.vertices().size());
        assertEquals(List.of(), graph.edges());
        JobVertex vertex = graph.vertices().get(0);
        assertEquals("Sequence Source -> Map -> Filter -> Text Sink", vertex.name());
        assertEquals(4, vertex.parallelism());
        assertEquals(128, vertex.maxParallelism());
        assertEquals(StreamTask.class.getName(), vertex.invokableClassName());
        assertEquals(4, graph.numberOfTasks());

        StreamTaskConfig config = StreamTaskConfig.fromBytes(vertex.invokableConfiguration(), getClass().getClassLoader());
        assertEquals(vertex.name(), config.chainName());
        List<String> names = new java.util.ArrayList<>();
        for (ChainedOperatorConfig node = config.head(); node != null;
             node = node.outputs().isEmpty() ? null : node.outputs().get(0)) {
            names.add(node.name());
        }
        assertEquals(List.of("Sequence Source", "Map", "Filter", "Text Sink"), names);
        assertEquals(vertex.id(), config.head().operatorId());
    }

    @Test
    void vertexNameUsesOperatorNamesAndParallelismSetOnEveryOperator() {
        StreamEnvironment env = env(4).setMaxParallelism(64);
        env.fromSequence(1, 10).name("Numbers").setParallelism(2)
                .map(x -> x * 2).name("Double").setParallelism(2)
                .discard().name("Nowhere").setParallelism(2);

        JobVertex vertex = JobGraphGenerator.translate(env.getStreamGraph("names")).vertices().get(0);

        assertEquals("Numbers -> Double -> Nowhere", vertex.name());
        assertEquals(2, vertex.parallelism());
        assertEquals(64, vertex.maxParallelism());
    }

    @Test
    void differentParallelismIsARebalancedNetworkEdge() {
        StreamEnvironment env = env(4);
        env.fromSequence(1, 10).name("Numbers").setParallelism(2).map(x -> x).name("Copy").discard();

        JobGraph graph = JobGraphGenerator.translate(env.getStreamGraph("two vertices"));

        assertEquals(2, graph.vertices().size());
        assertEquals("Numbers", graph.vertices().get(0).name());
        assertEquals(2, graph.vertices().get(0).parallelism());
        assertEquals("Copy -> Discard Sink", graph.vertices().get(1).name());
        assertEquals(4, graph.vertices().get(1).parallelism());
        assertEquals(List.of(new io.sluice.graph.JobEdge(graph.vertices().get(0).id(), graph.vertices().get(1).id(),
                io.sluice.graph.JobEdge.Partitioning.REBALANCE)), graph.edges());
    }

    @Test
    void vertexIdsAreStableAcrossBuildsAndFollowTheUid() {
        assertEquals(singleVertexId(null, 0), singleVertexId(null, 0));
        // without a uid the id follows the position: an extra source in front changes it
        assertNotEquals(singleVertexId(null, 0), singleVertexId(null, 1));
        // with a uid the position does not matter
        assertEquals(singleVertexId("numbers", 0), singleVertexId("numbers", 1));
        assertNotEquals(singleVertexId("numbers", 0), singleVertexId("other", 0));
        assertTrue(singleVertexId("numbers", 0).matches("[0-9a-f]{32}"));
    }

    @Test
    void streamsThatReachNoSinkDoNotShiftVertexIds() {
        StreamEnvironment plain = env(1);
        plain.fromSequence(1, 10).map(x -> x).discard();
        StreamEnvironment withUnusedStreams = env(1);
        withUnusedStreams.fromSequence(1, 5).map(x -> x);
        withUnusedStreams.fromSequence(1, 10).map(x -> x).discard();

        assertEquals(JobGraphGenerator.translate(plain.getStreamGraph("a")).vertices().get(0).id(),
                JobGraphGenerator.translate(withUnusedStreams.getStreamGraph("b")).vertices().get(0).id());
    }

    /** Id of the vertex of a source with {@code uid}, built after {@code sourcesBefore} other jobs' worth of sources. */
    private static String singleVertexId(String uid, int sourcesBefore) {
        StreamEnvironment env = env(1);
        for (int i = 0; i < sourcesBefore; i++) {
            env.fromSequence(1, 2).discard();
        }
        DataStream<Long> numbers = env.fromSequence(1, 10);
        if (uid != null) {
            numbers.uid(uid);
        }
        numbers.map(x -> x + 1).discard();
        List<JobVertex> vertices = JobGraphGenerator.translate(env.getStreamGraph("ids")).vertices();
        return vertices.get(vertices.size() - 1).id();
    }

    @Test
    void eachSourceRootsItsOwnVertexAndFanOutStaysInTheChain() {
        StreamEnvironment env = env(3);
        DataStream<Long> numbers = env.fromSequence(1, 10);
        numbers.map(x -> x).writeAsText("file:///tmp/unused");
        numbers.discard();
        env.fromSequence(5, 6).setParallelism(1).discard().setParallelism(1);

        JobGraph graph = JobGraphGenerator.translate(env.getStreamGraph("two sources"));

        assertEquals(2, graph.vertices().size());
        assertEquals("Sequence Source -> (Map -> Text Sink, Discard Sink)", graph.vertices().get(0).name());
        assertEquals(3, graph.vertices().get(0).parallelism());
        assertEquals("Sequence Source -> Discard Sink", graph.vertices().get(1).name());
        assertEquals(1, graph.vertices().get(1).parallelism());
        assertNotEquals(graph.vertices().get(0).id(), graph.vertices().get(1).id());
    }

    @Test
    void onlyWhatFlowsIntoASinkIsTranslated() {
        StreamEnvironment env = env(1);
        DataStream<Long> numbers = env.fromSequence(1, 10);
        numbers.map(x -> x).name("Dangling");
        numbers.discard();
        env.fromSequence(1, 5).name("Unused");

        JobGraph graph = JobGraphGenerator.translate(env.getStreamGraph("dangling"));

        assertEquals(List.of("Sequence Source -> Discard Sink"),
                graph.vertices().stream().map(JobVertex::name).toList());
    }

    @Test
    void jobConfigurationIsCopiedIntoTheJobGraph() throws Exception {
        StreamEnvironment env = env(1).setJobConfiguration("restart-strategy.type", "none");
        env.fromSequence(1, 2).discard();

        JobGraph graph = JobGraphGenerator.translate(env.getStreamGraph("conf"));

        assertEquals(Map.of("restart-strategy.type", "none"), graph.jobConfiguration());
        assertEquals("conf", graph.jobName());
        // survives the trip to the cluster, which reads job graphs without user classes
        JobGraph received = JobGraph.fromBytes(graph.toBytes());
        assertEquals(graph.jobConfiguration(), received.jobConfiguration());
        assertEquals(graph.vertices().get(0).name(), received.vertices().get(0).name());
    }

    @Test
    void jobWithoutSinkIsRejected() {
        StreamEnvironment env = env(1);
        env.fromSequence(1, 2).map(x -> x);

        InvalidJobException e = assertThrows(InvalidJobException.class, () -> JobGraphGenerator.translate(env.getStreamGraph("no sink")));

        assertTrue(e.getMessage().contains("has no sink"), e.getMessage());
    }

    @Test
    void duplicateUidsAreRejected() {
        StreamEnvironment env = env(1);
        env.fromSequence(1, 2).uid("same").map(x -> x).name("Copy").uid("same").discard();

        InvalidJobException e = assertThrows(InvalidJobException.class, () -> JobGraphGenerator.translate(env.getStreamGraph("uids")));

        assertEquals("uid 'same' is used by both 'Sequence Source' and 'Copy': uids must be unique within a job",
                e.getMessage());
    }

    @Test
    void parallelismAboveMaxParallelismIsRejected() {
        StreamEnvironment env = env(8).setMaxParallelism(4);
        env.fromSequence(1, 2).discard();

        InvalidJobException e = assertThrows(InvalidJobException.class, () -> JobGraphGenerator.translate(env.getStreamGraph("max")));

        assertTrue(e.getMessage().contains("parallelism 8, more than the max parallelism 4"), e.getMessage());
    }

    @Test
    void functionCapturingSomethingUnserializableIsRejectedWithTheOperatorName() {
        StreamEnvironment env = env(1);
        Object notSerializable = new Object();
        env.fromSequence(1, 2).map(x -> x + notSerializable.hashCode()).name("Capturing").discard();

        InvalidJobException e = assertThrows(InvalidJobException.class, () -> JobGraphGenerator.translate(env.getStreamGraph("capture")));

        assertTrue(e.getMessage().contains("operator 'Capturing' cannot be serialized"), e.getMessage());
        assertTrue(e.getMessage().contains("java.lang.Object"), e.getMessage());
    }

    @Test
    void invalidSettingsFailWhereTheyAreMade() {
        StreamEnvironment env = env(1);
        assertThrows(IllegalArgumentException.class, () -> env.setParallelism(0));
        assertThrows(IllegalArgumentException.class, () -> env.setMaxParallelism(0));
        assertThrows(IllegalArgumentException.class, () -> env.fromSequence(1, 2).setParallelism(-3));
        assertThrows(IllegalArgumentException.class, () -> env.fromSequence(5, 4));
        assertThrows(IllegalArgumentException.class, () -> env.fromSequence(1, 2, -1));
        assertThrows(IllegalArgumentException.class, () -> env.fromSequence(1, 2).uid(" "));
    }
}
