package io.sluice.connector.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.InvalidJobException;
import io.sluice.api.connector.sink.SinkWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exactly-once writer driven by hand against a real broker, through the failures that hurt
 * transactional sinks: a task that dies between a checkpoint and its completion notice (its open
 * transactions linger), and a transaction the broker aborts on timeout. A {@code read_committed}
 * reader must see every record once and must not stay blocked after the restart.
 */
@Timeout(300)
class ExactlyOnceWriterTest {

    @TempDir
    static Path tmp;

    static KafkaBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = KafkaBroker.start(tmp.resolve("kafka"));
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private static KafkaSink<String> sink(String topic, String prefix, String timeoutMs) {
        KafkaSink.Builder<String> b = KafkaSink.<String>builder().bootstrapServers(broker.bootstrapServers())
                .serializer(KafkaRecordSerializer.valueAsString(topic))
                .deliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE).transactionalIdPrefix(prefix);
        if (timeoutMs != null) {
            b.property("transaction.timeout.ms", timeoutMs);
        }
        return b.build();
    }

    private static TestContext restoredFrom(long checkpointId) {
        return new TestContext(0, 1, 1, OptionalLong.of(checkpointId));
    }

    private static void write(SinkWriter<String, PreparedTransaction> writer, String prefix, int from, int to)
            throws Exception {
        for (int i = from; i < to; i++) {
            writer.write(prefix + i);
        }
    }

    private static List<String> lines(String prefix, int from, int to) {
        List<String> lines = new ArrayList<>();
        for (int i = from; i < to; i++) {
            lines.add(prefix + i);
        }
        return lines;
    }

    @Test
    void aWriterKilledBeforeTheCompletionNoticeLeavesNothingBlockedAndNothingTwice() throws Exception {
        broker.createTopic("eo-kill", 2);
        KafkaSink<String> sink = sink("eo-kill", "kill-test", null);
        SinkWriter<String, PreparedTransaction> writer = sink.createWriter(TestContext.of(0, 1), List.of());
        write(writer, "a", 0, 500);
        writer.prepareCommit(1);
        write(writer, "b", 0, 500);
        List<PreparedTransaction> checkpoint2 = writer.prepareCommit(2);
        writer.commit(1);
        write(writer, "c", 0, 500); // after checkpoint 2: the source replays these after the restore
        // the task dies here, without close(): checkpoint 2 completed, but its notice never arrived, and
        // two transactions stay open on the broker (b's, prepared; c's, current)

        List<String> beforeRestart = KafkaJobTest.readAll(broker, "eo-kill", Duration.ofSeconds(5), 500);
        assertEquals(lines("a", 0, 500).stream().sorted().toList(), beforeRestart.stream().sorted().toList(),
                "only checkpoint 1 is committed; the open transactions hold back what follows");

        SinkWriter<String, PreparedTransaction> restored = sink.createWriter(restoredFrom(2), checkpoint2);
        write(restored, "c", 0, 500);
        restored.prepareCommit(3);
        restored.commit(3);
        restored.close();

        List<String> expected = new ArrayList<>(lines("a", 0, 500));
        expected.addAll(lines("b", 0, 500));
        expected.addAll(lines("c", 0, 500));
        assertEquals(expected.stream().sorted().toList(),
                KafkaJobTest.readAll(broker, "eo-kill", Duration.ofSeconds(30), 1500).stream().sorted().toList());
    }

    @Test
    void aRestoreAfterTheCommitDoesNotCommitAgain() throws Exception {
        broker.createTopic("eo-twice", 1);
        KafkaSink<String> sink = sink("eo-twice", "twice-test", null);
        SinkWriter<String, PreparedTransaction> writer = sink.createWriter(TestContext.of(0, 1), List.of());
        write(writer, "x", 0, 300);
        List<PreparedTransaction> checkpoint1 = writer.prepareCommit(1);
        writer.commit(1); // committed, and then the task fails before the next checkpoint
        writer.close();

        SinkWriter<String, PreparedTransaction> restored = sink.createWriter(restoredFrom(1), checkpoint1);
        restored.finish();
        restored.close();
        assertEquals(lines("x", 0, 300).stream().sorted().toList(),
                KafkaJobTest.readAll(broker, "eo-twice", Duration.ofSeconds(10), 300).stream().sorted().toList());
    }

    @Test
    void aNewRunWithThePrefixOfAnEarlierOneIsNotMisledByItsMarkers() throws Exception {
        broker.createTopic("eo-runs", 1);
        KafkaSink<String> sink = sink("eo-runs", "runs-test", null);
        SinkWriter<String, PreparedTransaction> earlier = sink.createWriter(TestContext.of(0, 1), List.of());
        write(earlier, "old", 0, 100);
        earlier.prepareCommit(500);
        earlier.commit(500); // an earlier job got to checkpoint 500 and ended
        earlier.finish();
        earlier.close();

        // a new job with the same prefix counts its checkpoints from 1 again
        SinkWriter<String, PreparedTransaction> fresh = sink.createWriter(TestContext.of(0, 1), List.of());
        write(fresh, "new", 0, 100);
        List<PreparedTransaction> checkpoint1 = fresh.prepareCommit(1);
        // and dies before checkpoint 1's notice: its transaction must be committed by the restore, not skipped
        SinkWriter<String, PreparedTransaction> restored = sink.createWriter(restoredFrom(1), checkpoint1);
        restored.finish();
        restored.close();

        List<String> expected = new ArrayList<>(lines("old", 0, 100));
        expected.addAll(lines("new", 0, 100));
        assertEquals(expected.stream().sorted().toList(),
                KafkaJobTest.readAll(broker, "eo-runs", Duration.ofSeconds(10), 200).stream().sorted().toList());
    }

    @Test
    void aTransactionTheBrokerAbortsOnTimeoutIsSentAgainNotLost() throws Exception {
        broker.createTopic("eo-timeout", 1);
        KafkaSink<String> sink = sink("eo-timeout", "timeout-test", "2000");
        SinkWriter<String, PreparedTransaction> writer = sink.createWriter(TestContext.of(0, 1), List.of());
        write(writer, "t", 0, 200);
        writer.prepareCommit(1);
        Thread.sleep(5_000); // the checkpoint takes longer than the transaction may stay open
        writer.commit(1);
        writer.close();
        assertEquals(lines("t", 0, 200).stream().sorted().toList(),
                KafkaJobTest.readAll(broker, "eo-timeout", Duration.ofSeconds(10), 200).stream().sorted().toList());
    }

    @Test
    void aJobWhoseTransactionsWouldTimeOutIsRefusedWithTheReason() {
        KafkaSink<String> sink = sink("any", "refuse-test", "5000");
        InvalidJobException refused = assertThrows(InvalidJobException.class, () -> sink.validate(Map.of(
                "execution.checkpointing.interval", "3000 ms", "restart-strategy.type", "fixed-delay",
                "restart-strategy.fixed-delay.delay", "2 s")));
        assertTrue(refused.getMessage().contains("transaction.timeout.ms (5000 ms) is too short")
                && refused.getMessage().contains("at least 8000 ms"), refused.getMessage());
        sink.validate(Map.of("execution.checkpointing.interval", "1000 ms"));
        assertThrows(IllegalArgumentException.class, () -> KafkaSink.<String>builder()
                .bootstrapServers(broker.bootstrapServers()).serializer(KafkaRecordSerializer.valueAsString("t"))
                .deliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE).build());
    }
}
