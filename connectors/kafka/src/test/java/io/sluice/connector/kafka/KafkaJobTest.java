package io.sluice.connector.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.InvalidJobException;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.checkpoint.CheckpointListener;
import io.sluice.api.functions.Collector;
import io.sluice.api.functions.KeyedProcessFunction;
import io.sluice.api.functions.MapFunction;
import io.sluice.api.state.ValueState;
import io.sluice.api.state.ValueStateDescriptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka -> keyed state -> Kafka as a job on the embedded local cluster, with a task failure after a
 * completed checkpoint: the source resumes at the checkpointed offsets, so every key's sequence
 * reaches its state exactly once, in order (a repeated or skipped record is reported), and the
 * final counts that reach the output topic match the input.
 */
@Timeout(300)
class KafkaJobTest {

    private static final int PARTITIONS = 3;
    private static final int KEYS_PER_PARTITION = 4;
    private static final int PER_KEY = 4_000;

    @TempDir
    static Path tmp;

    static KafkaBroker broker;

    /** The job's failure injection, shared with the tasks (the local cluster runs them in this JVM). */
    static final AtomicBoolean CHECKPOINTED = new AtomicBoolean();
    static final AtomicBoolean FAILED = new AtomicBoolean();
    static final AtomicLong SEEN = new AtomicLong();

    @BeforeAll
    static void start() throws Exception {
        broker = KafkaBroker.start(tmp.resolve("kafka"));
        broker.createTopic("events", PARTITIONS);
        broker.createTopic("counts", 2);
        broker.createTopic("running-counts", 2);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()))) {
            for (int seq = 1; seq <= PER_KEY; seq++) {
                for (int p = 0; p < PARTITIONS; p++) {
                    for (int k = 0; k < KEYS_PER_PARTITION; k++) {
                        String event = "key" + (p * KEYS_PER_PARTITION + k) + "," + seq;
                        producer.send(new ProducerRecord<>("events", p, null, event.getBytes(StandardCharsets.UTF_8)));
                    }
                }
            }
            producer.flush();
        }
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    /** Passes events on; fails once, after a checkpoint completed and a third of the input went by. */
    static final class FailOnceAfterACheckpoint implements MapFunction<String, String>, CheckpointListener {
        private static final long serialVersionUID = 1L;

        @Override
        public String map(String value) throws Exception {
            long seen = SEEN.incrementAndGet();
            if (seen % 64 == 0) {
                Thread.sleep(1); // slow enough for a few checkpoints on the way
            }
            if (CHECKPOINTED.get() && seen > PARTITIONS * KEYS_PER_PARTITION * PER_KEY / 3 && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure after " + seen + " records");
            }
            return value;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            CHECKPOINTED.set(true);
        }
    }

    /** Checks each key's sequence in state (1, 2, 3, ...) and emits {@code key,count,violations} at the end. */
    static final class SequenceCheck extends KeyedProcessFunction<String, String, String> {
        private static final long serialVersionUID = 1L;
        private transient ValueState<long[]> state; // {last sequence, count, violations}

        @Override
        public void open() {
            state = getRuntimeContext().getState(new ValueStateDescriptor<>("sequence", long[].class));
        }

        @Override
        public void processElement(String event, Context ctx, Collector<String> out) throws Exception {
            long seq = Long.parseLong(event.substring(event.indexOf(',') + 1));
            long[] s = state.value();
            if (s == null) {
                s = new long[3];
                ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
            }
            if (seq != s[0] + 1) {
                s[2]++;
            }
            s = new long[] {seq, s[1] + 1, s[2]};
            state.update(s);
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) throws Exception {
            long[] s = state.value();
            out.collect(ctx.getCurrentKey() + "," + s[1] + "," + s[2]);
        }
    }

    /** Emits {@code key,sequence,count} for every event: with exactly-once state, count equals sequence. */
    static final class RunningCount extends KeyedProcessFunction<String, String, String> {
        private static final long serialVersionUID = 1L;
        private transient ValueState<Long> count;

        @Override
        public void open() {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Long.class));
        }

        @Override
        public void processElement(String event, Context ctx, Collector<String> out) throws Exception {
            long n = (count.value() == null ? 0 : count.value()) + 1;
            count.update(n);
            out.collect(event + "," + n);
        }
    }

    private static StreamEnvironment jobReadingEvents(String group) {
        CHECKPOINTED.set(false);
        FAILED.set(false);
        SEEN.set(0);
        StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(100);
        env.fromSource(KafkaSource.<String>builder()
                        .bootstrapServers(broker.bootstrapServers())
                        .topics("events")
                        .groupId(group)
                        .boundedAtLatest()
                        .deserializer(KafkaRecordDeserializer.valueAsString())
                        .build(), "Kafka events")
                .map(new FailOnceAfterACheckpoint())
                .keyBy(event -> event.substring(0, event.indexOf(',')))
                .process(group.equals("exactly-once") ? new RunningCount() : new SequenceCheck())
                .sinkTo(KafkaSink.<String>builder()
                        .bootstrapServers(broker.bootstrapServers())
                        .serializer(KafkaRecordSerializer.valueAsString(group.equals("exactly-once") ? "running-counts" : "counts"))
                        .deliveryGuarantee(group.equals("exactly-once") ? DeliveryGuarantee.EXACTLY_ONCE : DeliveryGuarantee.AT_LEAST_ONCE)
                        .transactionalIdPrefix("kafka-job-test")
                        .build(), "Kafka output");
        return env;
    }

    @Test
    void aTaskFailureAfterACheckpointResumesAtTheCheckpointedOffsets() throws Exception {
        jobReadingEvents("at-least-once").execute("kafka job test");
        assertTrue(FAILED.get(), "the failure was injected (after a checkpoint)");

        TreeSet<String> expected = new TreeSet<>();
        for (int key = 0; key < PARTITIONS * KEYS_PER_PARTITION; key++) {
            expected.add("key" + key + "," + PER_KEY + ",0");
        }
        assertEquals(expected, new TreeSet<>(readAll(broker, "counts", Duration.ofSeconds(30), expected.size())));
    }

    @Test
    void exactlyOnceKafkaToKafkaThroughATaskFailureWritesEveryResultOnce() throws Exception {
        jobReadingEvents("exactly-once").execute("kafka exactly-once job test");
        assertTrue(FAILED.get(), "the failure was injected (after a checkpoint)");

        List<String> expected = new ArrayList<>();
        for (int key = 0; key < PARTITIONS * KEYS_PER_PARTITION; key++) {
            for (int seq = 1; seq <= PER_KEY; seq++) {
                expected.add("key" + key + "," + seq + "," + seq);
            }
        }
        expected.sort(null);
        List<String> output = new ArrayList<>(readAll(broker, "running-counts", Duration.ofSeconds(60), expected.size()));
        output.sort(null);
        assertEquals(expected.size(), output.size(), "each result once: no more, no fewer");
        assertEquals(expected, output);
    }

    @Test
    void aJobWhoseTransactionsWouldOutliveTheirTimeoutIsRefusedAtSubmission() {
        StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(30_000);
        env.fromSequence(1, 10).map(String::valueOf).sinkTo(KafkaSink.<String>builder()
                .bootstrapServers(broker.bootstrapServers())
                .serializer(KafkaRecordSerializer.valueAsString("counts"))
                .deliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .transactionalIdPrefix("refused-job")
                .build(), "Kafka output");
        InvalidJobException refused = assertThrows(InvalidJobException.class, () -> env.execute("refused"));
        assertTrue(refused.getMessage().contains("transaction.timeout.ms (60000 ms) is too short for checkpoints "
                + "every 30000 ms"), refused.getMessage());
    }

    /** Everything committed to {@code topic}, read as a {@code read_committed} consumer would. */
    static List<String> readAll(KafkaBroker broker, String topic, Duration timeout, int atLeast) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(new String(r.value(), StandardCharsets.UTF_8));
                }
                boolean atEnd = partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
                if (atEnd && values.size() >= atLeast) {
                    break;
                }
            }
        }
        return values;
    }
}
