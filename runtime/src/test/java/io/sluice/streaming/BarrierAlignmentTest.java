package io.sluice.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.network.InputGate;
import io.sluice.network.QueueInputChannel.Elements;
import io.sluice.network.QueueInputChannel;
import io.sluice.network.StreamRecord;
import io.sluice.network.TaskNetwork;
import io.sluice.network.serialization.StreamElementCodec;
import io.sluice.network.serialization.ValueSerializer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Barrier alignment as a task with network input does it: {@link StreamInputProcessor} over a real
 * {@link InputGate} whose channels the test fills buffer by buffer, a counting head operator, and a
 * checkpoint target that records what the operator had seen when the snapshot was taken. All on the
 * test thread, so what is available when is exactly what the test handed in.
 */
class BarrierAlignmentTest {

    /** Remembers every record, in the order it saw them. */
    static final class Counting extends AbstractStreamOperator<Void> implements OneInputOperator<Long, Void> {
        private static final long serialVersionUID = 1L;
        final List<Long> seen = new ArrayList<>();

        @Override
        public void processElement(StreamRecord<Long> record) {
            seen.add(record.getValue());
        }
    }

    /** What the task would do: snapshot the operator (its records so far) or give the checkpoint up. */
    static final class Recorder implements CheckpointBarrierHandler.Target {
        private final Counting operator;
        final Map<Long, List<Long>> snapshots = new HashMap<>();
        final List<String> events = new ArrayList<>();

        Recorder(Counting operator) {
            this.operator = operator;
        }

        @Override
        public void checkpointOnBarrier(long checkpointId, long timestamp, long alignmentNanos) {
            assertEquals(1_000 + checkpointId, timestamp, "the barrier's timestamp");
            assertFalse(snapshots.containsKey(checkpointId), "checkpoint " + checkpointId + " taken once");
            snapshots.put(checkpointId, List.copyOf(operator.seen));
            events.add("checkpoint " + checkpointId);
        }

        @Override
        public void abortCheckpointOnBarrier(long checkpointId, String reason) {
            events.add("abort " + checkpointId + ": " + reason);
        }
    }

    private final List<QueueInputChannel> channels = new ArrayList<>();
    private final Counting operator = new Counting();
    private final Recorder recorder = new Recorder(operator);
    private InputGate gate;
    private StreamInputProcessor input;

    private void start(int numberOfChannels, boolean exactlyOnce) {
        gate = QueueInputChannel.gate("Counting (1/1)", numberOfChannels, channels);
        operator.setup(OperatorTestContexts.of("Counting", 0, 1, 0), new CollectingOutput<>());
        input = new StreamInputProcessor(new TaskNetwork(List.of(), gate, new int[numberOfChannels]), List.of(1),
                operator, OperatorTestContexts.of("Counting", 0, 1, 0),
                new StreamElementCodec(new ValueSerializer(getClass().getClassLoader(), List.of())), recorder, exactlyOnce);
        gate.requestPartitions();
    }

    /** Processes until nothing is available (or the input ended); returns whether it ended. */
    private boolean runUntilIdle() throws Exception {
        while (true) {
            StreamInputProcessor.Status status = input.processInput();
            if (status == StreamInputProcessor.Status.END_OF_INPUT) {
                return true;
            }
            if (status == StreamInputProcessor.Status.NOTHING_AVAILABLE) {
                return false;
            }
        }
    }

    private static List<Long> sorted(List<Long> values) {
        return values.stream().sorted().toList();
    }

    /** The records of {@code channel} in the order it delivers them must keep that order in {@code seen}. */
    private static void assertChannelOrder(List<Long> seen, long... ofOneChannel) {
        int last = -1;
        for (long v : ofOneChannel) {
            int at = seen.indexOf(v);
            assertTrue(at > last, v + " after its channel's earlier records: " + seen);
            last = at;
        }
    }

    @Test
    void exactlyOnceKeepsRecordsBehindTheBarrierOutOfTheSnapshot() throws Exception {
        start(2, true);
        // channel 0: the barrier in the middle of a buffer, records behind it in the same and the next buffer
        channels.get(0).add(Elements.of().records(1L, 2L).barrier(1).records(3L, 4L));
        channels.get(0).add(Elements.of().records(5L));
        channels.get(1).add(Elements.of().records(10L, 11L));
        assertFalse(runUntilIdle());
        assertEquals(List.of(1L, 2L, 10L, 11L), sorted(operator.seen), "channel 0 is blocked behind its barrier");
        assertEquals(List.of(), recorder.events);

        channels.get(1).add(Elements.of().barrier(1).records(12L));
        assertFalse(runUntilIdle());
        // independently: the records ahead of the barrier on each channel
        assertEquals(List.of(1L, 2L, 10L, 11L), sorted(recorder.snapshots.get(1L)),
                "the snapshot holds exactly the records before the barriers");
        assertEquals(List.of("checkpoint 1"), recorder.events);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 10L, 11L, 12L), sorted(operator.seen), "nothing lost after the alignment");
        assertChannelOrder(operator.seen, 1, 2, 3, 4, 5);
        assertChannelOrder(operator.seen, 10, 11, 12);

        channels.get(0).add(Elements.of().endOfPartition());
        channels.get(1).add(Elements.of().endOfPartition());
        assertTrue(runUntilIdle());
        assertEquals(3, channels.get(0).recycledBuffers(), "every buffer of channel 0 was read to its end and recycled");
    }

    @Test
    void atLeastOnceProcessesRecordsBehindAnEarlyBarrierBeforeTheSnapshot() throws Exception {
        start(2, false);
        channels.get(0).add(Elements.of().records(1L, 2L).barrier(1).records(3L, 4L));
        channels.get(0).add(Elements.of().records(5L));
        channels.get(1).add(Elements.of().records(10L, 11L));
        assertFalse(runUntilIdle());
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 10L, 11L), sorted(operator.seen), "no channel is blocked");

        channels.get(1).add(Elements.of().barrier(1).records(12L));
        assertFalse(runUntilIdle());
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 10L, 11L), sorted(recorder.snapshots.get(1L)),
                "3, 4 and 5 came after channel 0's barrier and are in the snapshot (replayed after a restore)");
        assertEquals(List.of("checkpoint 1"), recorder.events);
    }

    @Test
    void barrierOfANewerCheckpointAbortsTheAlignmentAndAlignsTheNewerOne() throws Exception {
        start(2, true);
        channels.get(0).add(Elements.of().records(1L).barrier(1).records(2L));
        channels.get(1).add(Elements.of().records(3L).barrier(2).records(4L));
        assertFalse(runUntilIdle());
        assertEquals(List.of("abort 1: the barrier of checkpoint 2 arrived before checkpoint 1 was aligned"),
                recorder.events);
        assertEquals(List.of(1L, 2L, 3L), sorted(operator.seen), "channel 0 flows again; channel 1 waits for checkpoint 2");

        channels.get(0).add(Elements.of().barrier(1).barrier(2).records(5L)); // a late barrier of 1 changes nothing
        assertFalse(runUntilIdle());
        assertEquals(List.of(1L, 2L, 3L), sorted(recorder.snapshots.get(2L)), "the records before the barriers of 2");
        assertEquals(List.of("abort 1: the barrier of checkpoint 2 arrived before checkpoint 1 was aligned",
                "checkpoint 2"), recorder.events);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), sorted(operator.seen));
    }

    @Test
    void channelEndingDuringTheAlignmentCompletesIt() throws Exception {
        start(3, true);
        channels.get(0).add(Elements.of().records(1L).barrier(1).records(2L));
        channels.get(1).add(Elements.of().records(3L).barrier(1).records(4L));
        channels.get(2).add(Elements.of().records(5L));
        assertFalse(runUntilIdle());
        assertEquals(List.of(), recorder.events);

        channels.get(2).add(Elements.of().records(6L).endOfPartition()); // its producer finished: no barrier comes
        assertFalse(runUntilIdle());
        assertEquals(List.of("checkpoint 1"), recorder.events);
        assertEquals(List.of(1L, 3L, 5L, 6L), sorted(recorder.snapshots.get(1L)));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), sorted(operator.seen));
        assertTrue(channels.get(2).isReleased());

        // the next checkpoint aligns the two channels left
        channels.get(0).add(Elements.of().barrier(2).records(7L));
        assertFalse(runUntilIdle());
        assertEquals(List.of("checkpoint 1"), recorder.events);
        channels.get(1).add(Elements.of().records(8L).barrier(2));
        assertFalse(runUntilIdle());
        assertEquals(List.of("checkpoint 1", "checkpoint 2"), recorder.events);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 8L), sorted(recorder.snapshots.get(2L)));
    }

    @Test
    void lastChannelEndingWhileTheOthersWaitCompletesTheAlignment() throws Exception {
        start(2, true);
        channels.get(0).add(Elements.of().records(1L).barrier(1).records(2L));
        channels.get(1).add(Elements.of().records(3L));
        assertFalse(runUntilIdle());
        channels.get(1).add(Elements.of().endOfPartition());
        assertFalse(runUntilIdle());
        assertEquals(List.of(1L, 3L), sorted(recorder.snapshots.get(1L)));
        channels.get(0).add(Elements.of().endOfPartition());
        assertTrue(runUntilIdle(), "the input ends when the last channel does");
        assertEquals(List.of(1L, 2L, 3L), sorted(operator.seen));
    }

    // ---- the handler's own rules ----

    @Test
    void channelThatEndsAfterItsBarrierCountsOnce() throws Exception {
        start(3, false); // at-least-once: a channel can deliver its barrier and then its end
        channels.get(0).add(Elements.of().barrier(1).records(1L).endOfPartition());
        channels.get(1).add(Elements.of().barrier(1));
        assertFalse(runUntilIdle());
        assertEquals(List.of(), recorder.events, "channel 2 has not delivered its barrier yet");
        channels.get(2).add(Elements.of().barrier(1));
        assertFalse(runUntilIdle());
        assertEquals(List.of("checkpoint 1"), recorder.events);
    }

    @Test
    void secondBarrierOfTheSameCheckpointOnOneChannelIsAnError() throws Exception {
        start(2, false);
        channels.get(0).add(Elements.of().barrier(1).barrier(1));
        IllegalStateException e = assertThrows(IllegalStateException.class, this::runUntilIdle);
        assertEquals("channel 0 delivered the barrier of checkpoint 1 twice", e.getMessage());
    }
}
