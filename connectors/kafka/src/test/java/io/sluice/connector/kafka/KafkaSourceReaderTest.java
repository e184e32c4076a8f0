package io.sluice.connector.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.connector.source.InputStatus;
import io.sluice.api.connector.source.SourceOutput;
import io.sluice.api.connector.source.SourceReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The source's readers driven by hand against a real broker: snapshot and restore continue at exactly
 * the next record, bounded readers end at the offsets seen at build time, new partitions are found
 * while running, offsets reach the consumer group when checkpoints complete, and bad input fails with
 * where it was.
 */
@Timeout(300)
class KafkaSourceReaderTest {

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

    static void produce(String topic, int partitions, int perPartition, String prefix) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()))) {
            for (int p = 0; p < partitions; p++) {
                for (int i = 0; i < perPartition; i++) {
                    producer.send(new ProducerRecord<>(topic, p, null, (prefix + p + "-" + i).getBytes(StandardCharsets.UTF_8)));
                }
            }
            producer.flush();
        }
    }

    private static final class Collected implements SourceOutput<String> {
        final List<String> values = new ArrayList<>();

        @Override
        public void collect(String value) {
            values.add(value);
        }

        @Override
        public void collect(String value, long timestamp) {
            values.add(value);
        }
    }

    private static KafkaSource.Builder<String> source(String topic) {
        return KafkaSource.<String>builder().bootstrapServers(broker.bootstrapServers()).topics(topic)
                .deserializer(KafkaRecordDeserializer.valueAsString());
    }

    private static List<String> expected(int partitions, int perPartition, String prefix) {
        List<String> all = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            for (int i = 0; i < perPartition; i++) {
                all.add(prefix + p + "-" + i);
            }
        }
        return all.stream().sorted().toList();
    }

    @Test
    void aRestoredReaderContinuesAtExactlyTheNextRecordAndABoundedOneEnds() throws Exception {
        broker.createTopic("restore", 3);
        produce("restore", 3, 2_000, "r");
        KafkaSource<String> source = source("restore").boundedAtLatest().groupId("restore-group").build();
        List<KafkaPartitionSplit> splits = source.createSplits(1);
        assertEquals(3, splits.size());

        Collected out = new Collected();
        SourceReader<String, KafkaPartitionSplit> first = source.createReader(TestContext.of(0, 1));
        first.addSplits(source.assignSplits(splits, 0, 1));
        while (out.values.size() < 1_500) {
            first.pollNext(out);
        }
        List<KafkaPartitionSplit> snapshot = first.snapshotState(7);
        first.notifyCheckpointComplete(7);
        first.pollNext(new Collected()); // read after the checkpoint: lost with the failure
        first.pollNext(new Collected()); // (lets the asynchronous offset commit complete)
        first.close();

        try (Admin admin = broker.admin()) {
            Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> committed = admin
                    .listConsumerGroupOffsets("restore-group").partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, Long> committedOffsets = new java.util.HashMap<>();
            committed.forEach((tp, o) -> committedOffsets.put(tp, o.offset()));
            Map<TopicPartition, Long> snapshotOffsets = new java.util.HashMap<>();
            snapshot.stream().filter(s -> !s.isDiscoveryMarker())
                    .forEach(s -> snapshotOffsets.put(new TopicPartition(s.topic(), s.partition()), s.nextOffset()));
            assertEquals(snapshotOffsets, committedOffsets, "the group holds the offsets of the completed checkpoint");
        }

        SourceReader<String, KafkaPartitionSplit> restored = source.createReader(TestContext.of(0, 1));
        restored.addSplits(snapshot);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (restored.pollNext(out) != InputStatus.END_OF_INPUT) {
            assertTrue(System.nanoTime() < deadline, "the bounded reader did not end");
        }
        restored.close();
        assertEquals(expected(3, 2_000, "r"), out.values.stream().sorted().toList());
    }

    @Test
    void parallelReadersSplitThePartitionsAndTogetherReadEachRecordOnce() throws Exception {
        broker.createTopic("spread", 5);
        produce("spread", 5, 300, "s");
        KafkaSource<String> source = source("spread").boundedAtLatest().build();
        List<KafkaPartitionSplit> splits = source.createSplits(2);
        Collected out = new Collected();
        int assigned = 0;
        for (int subtask = 0; subtask < 2; subtask++) {
            List<KafkaPartitionSplit> mine = source.assignSplits(splits, subtask, 2);
            assigned += (int) mine.stream().filter(split -> !split.isDiscoveryMarker()).count();
            try (SourceReader<String, KafkaPartitionSplit> reader = source.createReader(TestContext.of(subtask, 2))) {
                reader.addSplits(mine);
                while (reader.pollNext(out) != InputStatus.END_OF_INPUT) {
                    // read to the end
                }
            }
        }
        assertEquals(5, assigned);
        assertEquals(expected(5, 300, "s"), out.values.stream().sorted().toList());
    }

    @Test
    void partitionsAddedWhileRunningAreReadWithinTheDiscoveryInterval() throws Exception {
        broker.createTopic("growing", 1);
        produce("growing", 1, 10, "g");
        KafkaSource<String> source = source("growing").partitionDiscoveryInterval(Duration.ofMillis(500)).build();
        Collected out = new Collected();
        try (SourceReader<String, KafkaPartitionSplit> reader = source.createReader(TestContext.of(0, 1))) {
            reader.addSplits(source.assignSplits(source.createSplits(1), 0, 1));
            broker.addPartitions("growing", 3);
            produce("growing", 3, 10, "h");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (out.values.size() < 40 && System.nanoTime() < deadline) {
                reader.pollNext(out);
            }
        }
        List<String> want = new ArrayList<>(expected(1, 10, "g"));
        want.addAll(expected(3, 10, "h"));
        assertEquals(want.stream().sorted().toList(), out.values.stream().sorted().toList());
    }

    @Test
    void afterARestoreAtAnotherParallelismDiscoveryStaysOffSoNoPartitionIsReadTwice() throws Exception {
        broker.createTopic("rescaled", 2);
        produce("rescaled", 2, 10, "r");
        KafkaSource<String> source = source("rescaled").partitionDiscoveryInterval(Duration.ofMillis(200)).build();
        // the state of instance 0 of 2, restored into the only instance of a job now at parallelism 1, which
        // got partition 0 only (partition 1 went, say, to an instance that is gone): it must not "discover" 1
        List<KafkaPartitionSplit> state = new ArrayList<>(List.of(KafkaPartitionSplit.discoveryMarker(2)));
        source.createSplits(2).stream().filter(s -> s.partition() == 0).forEach(state::add);
        Collected out = new Collected();
        List<KafkaPartitionSplit> next;
        try (SourceReader<String, KafkaPartitionSplit> reader = source.createReader(
                new TestContext(0, 1, 1, java.util.OptionalLong.of(3)))) {
            reader.addSplits(state);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (System.nanoTime() < until) {
                reader.pollNext(out);
            }
            next = reader.snapshotState(4);
        }
        assertEquals(expected(1, 10, "r"), out.values.stream().sorted().toList());
        assertTrue(next.contains(KafkaPartitionSplit.discoveryMarker(-1)), "discovery stays off in later checkpoints: " + next);
    }

    @Test
    void aRecordTheDeserializerRejectsFailsWithItsPartitionAndOffsetOrIsSkipped() throws Exception {
        broker.createTopic("bad", 1);
        produce("bad", 1, 5, "b");
        KafkaRecordDeserializer<String> picky = record -> {
            String v = new String(record.value(), StandardCharsets.UTF_8);
            if (v.equals("b0-3")) {
                throw new IllegalArgumentException("not a number: " + v);
            }
            return v;
        };
        KafkaSource<String> failing = source("bad").deserializer(picky).boundedAtLatest().build();
        Exception e = assertThrows(Exception.class, () -> {
            try (SourceReader<String, KafkaPartitionSplit> reader = failing.createReader(TestContext.of(0, 1))) {
                reader.addSplits(failing.createSplits(1));
                while (reader.pollNext(new Collected()) != InputStatus.END_OF_INPUT) {
                    // until the bad record
                }
            }
        });
        assertTrue(e.getMessage().contains("bad-0 offset 3") && e.getMessage().contains("not a number"), e.getMessage());

        KafkaSource<String> skipping = source("bad").deserializer(picky).boundedAtLatest()
                .skipRecordsThatFailToDeserialize().build();
        Collected out = new Collected();
        try (SourceReader<String, KafkaPartitionSplit> reader = skipping.createReader(TestContext.of(0, 1))) {
            reader.addSplits(skipping.createSplits(1));
            while (reader.pollNext(out) != InputStatus.END_OF_INPUT) {
                // to the end
            }
        }
        assertEquals(List.of("b0-0", "b0-1", "b0-2", "b0-4"), out.values);
    }

    @Test
    void anUnknownTopicAndAnUnreachableBrokerFailTheBuildWithTheReason() throws Exception {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> source("no-such-topic").build().createSplits(1));
        assertTrue(unknown.getMessage().contains("has no topic(s) no-such-topic"), unknown.getMessage());

        KafkaSource<String> nowhere = KafkaSource.<String>builder().bootstrapServers("localhost:1").topics("t")
                .deserializer(KafkaRecordDeserializer.valueAsString())
                .property("default.api.timeout.ms", "2000").build();
        IllegalStateException unreachable = assertThrows(IllegalStateException.class, () -> nowhere.createSplits(1));
        assertTrue(unreachable.getMessage().contains("Kafka at localhost:1 did not answer within 2000 ms"),
                unreachable.getMessage());
    }
}
