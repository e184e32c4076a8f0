package io.sluice.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.StreamEnvironment;
import io.sluice.api.checkpoint.CheckpointingMode;
import io.sluice.api.common.JobId;
import io.sluice.checkpoint.CheckpointMetrics;
import io.sluice.checkpoint.OperatorSubtaskState;
import io.sluice.checkpoint.TaskStateSnapshot;
import io.sluice.graph.JobGraph;
import io.sluice.graph.JobVertex;
import io.sluice.network.InputGate;
import io.sluice.network.QueueInputChannel.Elements;
import io.sluice.network.QueueInputChannel;
import io.sluice.network.StreamRecord;
import io.sluice.network.TaskNetwork;
import io.sluice.state.OperatorListState;
import io.sluice.task.CheckpointResponder;
import io.sluice.task.TaskEnvironment;
import io.sluice.translation.JobGraphGenerator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A whole {@link StreamTask} with network input on its own thread: a real input gate whose two
 * channels the test fills, the task's mailbox, its checkpoint coordinator and checkpoint writer
 * thread, and a responder that collects what would go to the JobMaster. The sink's checkpointed
 * state is every record it has seen, so an acknowledgement shows exactly what the snapshot held.
 */
@Timeout(60)
class StreamTaskCheckpointTest {

    /** Every record the sink processed, as it happens: lets the test wait until the task drained its input. */
    static final LinkedBlockingQueue<Long> PROCESSED = new LinkedBlockingQueue<>();

    /** A sink that checkpoints the records it has seen. */
    static final class RememberingSink extends AbstractStreamOperator<Void> implements OneInputOperator<Long, Void> {
        private static final long serialVersionUID = 1L;
        private transient List<Long> seen;

        @Override
        public void open() {
            seen = new ArrayList<>();
        }

        @Override
        public void processElement(StreamRecord<Long> record) {
            seen.add(record.getValue());
            PROCESSED.add(record.getValue());
        }

        @Override
        public void snapshotState(StateSnapshotContext context) throws Exception {
            super.snapshotState(context);
            context.addListState(new OperatorListState("seen", OperatorListState.Distribution.SPLIT,
                    List.of(seen.toString().getBytes(StandardCharsets.UTF_8))));
        }
    }

    record Ack(long checkpointId, TaskStateSnapshot state) {}

    record Decline(long checkpointId, String reason) {}

    /** What the task reports, from the task thread or its checkpoint writer thread. */
    static final class Responder implements CheckpointResponder {
        final LinkedBlockingQueue<Object> reports = new LinkedBlockingQueue<>();

        @Override
        public void acknowledge(long checkpointId, TaskStateSnapshot state, CheckpointMetrics metrics) {
            reports.add(new Ack(checkpointId, state));
        }

        @Override
        public void decline(long checkpointId, String reason) {
            reports.add(new Decline(checkpointId, reason));
        }

        @Override
        public void declineNotReady(long checkpointId, String reason) {
            reports.add(new Decline(checkpointId, "not ready: " + reason));
        }

        Object next() throws InterruptedException {
            Object report = reports.poll(30, TimeUnit.SECONDS);
            assertNotNull(report, "the task reported in time");
            return report;
        }
    }

    record Env(JobGraph graph, JobVertex vertex, TaskNetwork network, Responder responder) implements TaskEnvironment {
        @Override public JobId jobId() { return graph.jobId(); }
        @Override public String jobName() { return graph.jobName(); }
        @Override public String vertexId() { return vertex.id(); }
        @Override public String taskNameWithSubtask() { return vertex.name() + " (1/1)#0"; }
        @Override public int subtaskIndex() { return 0; }
        @Override public int parallelism() { return 1; }
        @Override public int attemptNumber() { return 0; }
        @Override public ClassLoader userClassLoader() { return StreamTaskCheckpointTest.class.getClassLoader(); }
        @Override public byte[] invokableConfiguration() { return vertex.invokableConfiguration(); }
        @Override public Map<String, String> jobConfiguration() { return graph.jobConfiguration(); }
        @Override public CheckpointResponder checkpointResponder() { return responder; }
    }

    private final List<QueueInputChannel> channels = new ArrayList<>();
    private final Responder responder = new Responder();
    private CompletableFuture<Void> running;
    private StreamTask task;

    @AfterEach
    void stop() throws Exception {
        StreamEnvironment.resetContext();
        if (task != null && !running.isDone()) {
            task.cancel();
            running.handle((ok, e) -> null).get(30, TimeUnit.SECONDS);
        }
    }

    /** Waits until the sink processed {@code values} (in any order). */
    private static void awaitProcessed(Long... values) throws InterruptedException {
        List<Long> missing = new ArrayList<>(List.of(values));
        while (!missing.isEmpty()) {
            Long next = PROCESSED.poll(30, TimeUnit.SECONDS);
            assertNotNull(next, "the sink processed " + missing + " in time");
            missing.remove(next);
        }
    }

    /** Starts the sink task of {@code source -> rebalance -> sink} with two input channels. */
    private void start(CheckpointingMode mode) {
        PROCESSED.clear();
        StreamEnvironment env = StreamEnvironment.getExecutionEnvironment().setParallelism(2);
        env.enableCheckpointing(60_000, mode);
        env.fromSequence(1, 100).rebalance().addSink("Remembering Sink", io.sluice.translation.EngineOperation.of(new RememberingSink())).setParallelism(1);
        JobGraph graph = JobGraphGenerator.translate(env.getStreamGraph("alignment"));
        JobVertex sinkVertex = graph.vertices().stream().filter(v -> v.name().contains("Remembering Sink")).findFirst()
                .orElseThrow();
        InputGate gate = QueueInputChannel.gate("Remembering Sink (1/1)", 2, channels);
        task = new StreamTask(new Env(graph, sinkVertex, new TaskNetwork(List.of(), gate, new int[2]), responder));
        running = CompletableFuture.runAsync(() -> {
            try {
                task.invoke();
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, r -> {
            Thread t = new Thread(r, "Remembering Sink task");
            t.setDaemon(true);
            t.start();
        });
    }

    /** The records the sink had seen when it took the checkpoint, from the acknowledgement. */
    private static List<Long> seenAt(Object report, long checkpointId) {
        assertTrue(report instanceof Ack, "an acknowledgement, not " + report);
        Ack ack = (Ack) report;
        assertEquals(checkpointId, ack.checkpointId());
        assertEquals(1, ack.state().operators().size());
        OperatorSubtaskState state = ack.state().operators().values().iterator().next();
        String list = new String(state.list("seen").elements().get(0), StandardCharsets.UTF_8);
        if (list.equals("[]")) {
            return List.of();
        }
        return Arrays.stream(list.substring(1, list.length() - 1).split(", ")).map(Long::valueOf).sorted().toList();
    }

    @Test
    void exactlyOnceSnapshotsHoldExactlyTheRecordsBeforeTheBarriers() throws Exception {
        start(CheckpointingMode.EXACTLY_ONCE);
        channels.get(0).add(Elements.of().records(1L, 2L).barrier(1).records(3L, 4L));
        channels.get(0).add(Elements.of().records(5L));
        channels.get(1).add(Elements.of().records(10L, 11L));
        channels.get(1).add(Elements.of().barrier(1).records(12L));
        // whatever the task thread's timing, the snapshot cannot hold 3, 4, 5 or 12
        assertEquals(List.of(1L, 2L, 10L, 11L), seenAt(responder.next(), 1));

        // a newer barrier before checkpoint 2 is aligned: 2 is declined at once, 3 is aligned instead.
        // Once the input is drained, the gate hands out channel 0's buffer first (it has data first).
        awaitProcessed(1L, 2L, 3L, 4L, 5L, 10L, 11L, 12L);
        channels.get(0).add(Elements.of().barrier(2).records(6L));
        channels.get(1).add(Elements.of().barrier(3).records(13L));
        Object declined = responder.next();
        assertEquals(new Decline(2, "the barrier of checkpoint 3 arrived before checkpoint 2 was aligned"), declined);
        channels.get(0).add(Elements.of().barrier(3));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 10L, 11L, 12L), seenAt(responder.next(), 3));

        // channel 1's producer finishes during the alignment of 4: that completes it
        channels.get(0).add(Elements.of().barrier(4).records(7L));
        channels.get(1).add(Elements.of().records(14L).endOfPartition());
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 10L, 11L, 12L, 13L, 14L), seenAt(responder.next(), 4));

        channels.get(0).add(Elements.of().endOfPartition());
        running.get(30, TimeUnit.SECONDS);
        assertNull(responder.reports.poll(), "nothing else was reported: " + responder.reports);
    }

    @Test
    void atLeastOnceDoesNotHoldBackAChannelWhoseBarrierCameFirst() throws Exception {
        start(CheckpointingMode.AT_LEAST_ONCE);
        channels.get(0).add(Elements.of().records(1L, 2L).barrier(1).records(3L, 4L));
        channels.get(1).add(Elements.of().records(10L));
        // a barrier of 5 on channel 0 would abort 1 if channel 0 were read on: it is, as nothing is blocked
        channels.get(0).add(Elements.of().records(5L).barrier(5).records(6L));
        assertEquals(new Decline(1, "the barrier of checkpoint 5 arrived before checkpoint 1 was aligned"),
                responder.next());
        channels.get(1).add(Elements.of().barrier(5));
        // 3, 4 (behind barrier 1) and 6 (behind barrier 5) are in: the task reads a buffer to its end,
        // and channel 1's buffer with 10 was queued ahead of channel 0's second one
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 10L), seenAt(responder.next(), 5));

        channels.get(0).add(Elements.of().endOfPartition());
        channels.get(1).add(Elements.of().endOfPartition());
        running.get(30, TimeUnit.SECONDS);
    }
}
