package io.sluice.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.common.JobId;
import io.sluice.checkpoint.CheckpointMetadata;
import io.sluice.checkpoint.OperatorState;
import io.sluice.checkpoint.OperatorSubtaskState;
import io.sluice.checkpoint.StateAssignment;
import io.sluice.checkpoint.TaskRestore;
import io.sluice.connector.file.TextFileSink;
import io.sluice.graph.JobGraph;
import io.sluice.graph.JobVertex;
import io.sluice.network.StreamRecord;
import io.sluice.streaming.connector.SinkWriterOperator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checkpointed text sink through its operator hooks, restored through {@link StateAssignment}
 * as the JobMaster does it: with the same parallelism it continues exactly-once; with another one it
 * must refuse, not touch committed output.
 */
class TextFileSinkCheckpointTest {

    private static final String OP = "op-sink";

    @TempDir
    Path out;

    private SinkWriterOperator<Long, ?> sink(int subtask, int parallelism, StateInitializationContext state) throws Exception {
        SinkWriterOperator<Long, ?> sink = new SinkWriterOperator<>(new TextFileSink<Long>(out.toUri().toString()));
        sink.setup(new OperatorContext(OP, "Text Sink", "Text Sink (" + (subtask + 1) + "/" + parallelism + ")#0",
                subtask, parallelism, 128, 0, new JobId(1, 2), "job",
                Map.of("execution.checkpointing.interval", "10 s"), getClass().getClassLoader(),
                new ManualProcessingTimeService()), new CollectingOutput<>());
        sink.initializeState(state);
        sink.open();
        return sink;
    }

    private static OperatorSubtaskState snapshot(SinkWriterOperator<Long, ?> sink, long checkpointId) throws Exception {
        StateSnapshotContext context = new StateSnapshotContext(checkpointId, 0);
        sink.snapshotState(context);
        return new OperatorSubtaskState(List.of(), context.lists());
    }

    private List<String> visible() throws Exception {
        try (Stream<Path> files = Files.list(out)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }

    /** Two instances write and take checkpoint 1 (committed), then write more; returns checkpoint 1. */
    private CheckpointMetadata runTwoInstancesPastCheckpoint1() throws Exception {
        List<OperatorSubtaskState> states = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            SinkWriterOperator<Long, ?> sink = sink(i, 2, StateInitializationContext.fresh());
            sink.processElement(new StreamRecord<>(10L + i));
            states.add(snapshot(sink, 1));
            sink.notifyCheckpointComplete(1);
            sink.processElement(new StreamRecord<>(20L + i)); // after the checkpoint: goes away on restore
            // the task dies here: no finish, no close
        }
        assertEquals(List.of("part-0-0", "part-1-0"), visible());
        return new CheckpointMetadata("job", 1, 0, 0, null, List.of(new OperatorState(OP, 2, 128, states)));
    }

    private static List<TaskRestore> assign(CheckpointMetadata checkpoint, int parallelism) {
        JobGraph graph = new JobGraph(JobId.generate(), "job", List.of(new JobVertex("v", "Text Sink", parallelism, 128,
                StreamTask.class.getName(), new byte[0], List.of(OP))), List.of(), Map.of());
        return StateAssignment.assign(checkpoint, graph, false).get("v");
    }

    private static StateInitializationContext restoreOf(TaskRestore restore) {
        return new StateInitializationContext(restore.checkpointId(), restore.state().of(OP));
    }

    @Test
    void restoreWithTheSameParallelismContinuesExactlyOnce() throws Exception {
        CheckpointMetadata checkpoint = runTwoInstancesPastCheckpoint1();
        List<TaskRestore> restores = assign(checkpoint, 2);
        for (int i = 0; i < 2; i++) {
            SinkWriterOperator<Long, ?> sink = sink(i, 2, restoreOf(restores.get(i)));
            sink.processElement(new StreamRecord<>(20L + i)); // the replay
            sink.finish();
            sink.close();
        }
        assertEquals(List.of("part-0-0", "part-0-1", "part-1-0", "part-1-1"), visible());
        assertEquals("10\n", Files.readString(out.resolve("part-0-0")));
        assertEquals("20\n", Files.readString(out.resolve("part-0-1")));
        assertEquals("11\n", Files.readString(out.resolve("part-1-0")));
        assertEquals("21\n", Files.readString(out.resolve("part-1-1")));
        try (Stream<Path> files = Files.list(out)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".inprogress")));
        }
    }

    @Test
    void restoreWithMoreInstancesIsRefusedAndKeepsTheCommittedOutput() throws Exception {
        CheckpointMetadata checkpoint = runTwoInstancesPastCheckpoint1();
        List<TaskRestore> restores = assign(checkpoint, 3);
        for (int i = 0; i < 3; i++) {
            int subtask = i;
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> sink(subtask, 3, restoreOf(restores.get(subtask))), "instance " + i);
            assertTrue(e.getMessage().contains("the exactly-once file sink cannot change its parallelism"), e.getMessage());
        }
        assertEquals(List.of("part-0-0", "part-1-0"), visible(), "committed output is never deleted by a refused restore");
        assertEquals("10\n", Files.readString(out.resolve("part-0-0")));
    }

    @Test
    void restoreWithFewerInstancesIsRefused() throws Exception {
        CheckpointMetadata checkpoint = runTwoInstancesPastCheckpoint1();
        TaskRestore only = assign(checkpoint, 1).get(0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> sink(0, 1, restoreOf(only)));
        assertEquals("Text Sink (1/1)#0 got 2 file sink states to restore from checkpoint 1; "
                + io.sluice.connector.file.RollingPartFiles.RESCALE_UNSUPPORTED, e.getMessage());
        assertEquals(List.of("part-0-0", "part-1-0"), visible());
    }
}
