package io.sluice.it.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.connector.kafka.KafkaBroker;
import io.sluice.connector.kafka.KafkaSource;
import io.sluice.examples.ExampleArgs;
import io.sluice.it.dataflow.JobJars;
import io.sluice.it.dataflow.jobs.KafkaRunningCountJob;
import io.sluice.sandbox.EmbeddedHadoopCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
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
 * Exactly-once Kafka -> Kafka, per-job on YARN with ZooKeeper HA, through the three failures one
 * after the other while the job runs: kill -9 of a TaskManager container, an exception in a task,
 * and SIGKILL of the ApplicationMaster (containers kept, attempt 2 restores). A {@code read_committed}
 * consumer then reads every expected line exactly once, and is not held back by transactions the
 * killed attempts left open.
 */
@Timeout(900)
class KafkaExactlyOnceYarnTest {

    private static final int PARTITIONS = 3;
    private static final int KEYS = 12;
    private static final int PER_KEY = 2_500;

    @TempDir
    static Path tmp;

    static EmbeddedHadoopCluster cluster;
    static YarnDistribution dist;
    static KafkaBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = KafkaBroker.start(tmp.resolve("kafka"));
        broker.createTopic("events", PARTITIONS);
        broker.createTopic("counts", 2);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()))) {
            for (int seq = 1; seq <= PER_KEY; seq++) {
                for (int key = 0; key < KEYS; key++) {
                    // each key in one partition, in sequence order
                    producer.send(new ProducerRecord<>("events", key % PARTITIONS, null,
                            ("key" + key + "," + seq).getBytes(StandardCharsets.UTF_8)));
                }
            }
            producer.flush();
        }
        cluster = YarnDistribution.startCluster("kafka-exactly-once", 1, Map.of());
        dist = new YarnDistribution(cluster, tmp, YarnDistribution.zooKeeperHa(cluster));
    }

    @AfterAll
    static void stop() {
        if (dist != null) {
            dist.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private static JsonNode checkpoints(String rest, String jobId, Predicate<JsonNode> until) throws Exception {
        return Http.awaitJson(rest + "/jobs/" + jobId + "/checkpoints", until, Duration.ofMinutes(2));
    }

    @Test
    void everyResultOnceThroughATaskManagerKillATaskExceptionAndAnApplicationMasterKill() throws Exception {
        Path jar = JobJars.build(tmp.resolve("kafka-job.jar"), List.of(ExampleArgs.class),
                List.of(JobJars.codeSource(KafkaSource.class), JobJars.codeSource(KafkaProducer.class)));
        String markers = "/faults/kafka";
        YarnDistribution.Result submit = dist.sluice(List.of("run", "-t", "yarn-per-job", "-d", "-p", "2",
                "-D", "yarn.application-attempts=3", "-c", KafkaRunningCountJob.class.getName(), jar.toString(),
                "--bootstrap", broker.bootstrapServers(), "--input", "events", "--output", "counts",
                "--prefix", "kafka-yarn-test", "--checkpointing", "300", "--fail-markers", markers,
                "--pause-every", "2"), Duration.ofMinutes(2));
        assertEquals(0, submit.exitCode(), submit.describe());
        String appId = submit.applicationId();
        YarnJobClustersTest.awaitProcess(appId, "YarnTaskManagerRunner", Duration.ofMinutes(2));
        ApplicationReport first = dist.report(appId);
        String rest = "http://" + first.getHost() + ":" + first.getRpcPort();
        JsonNode overview = Http.awaitJson(rest + "/jobs/overview", j -> j.path("jobs").toString().contains("RUNNING"),
                Duration.ofMinutes(1));
        String jobId = overview.path("jobs").get(0).path("jid").asText();
        checkpoints(rest, jobId, j -> j.path("counts").path("completed").asInt() >= 2);

        // 1. kill -9 of a TaskManager container
        YarnJobClustersTest.awaitProcess(appId, "YarnTaskManagerRunner", Duration.ofSeconds(10)).destroyForcibly();
        JsonNode afterKill = checkpoints(rest, jobId, j -> j.path("counts").path("restored").asInt() >= 1);
        int completed = afterKill.path("counts").path("completed").asInt();
        checkpoints(rest, jobId, j -> j.path("counts").path("completed").asInt() > completed);

        // 2. an exception in a task
        org.apache.hadoop.fs.FileSystem fs = cluster.getFileSystem();
        org.apache.hadoop.fs.Path aside = new org.apache.hadoop.fs.Path("/faults/new/fault-1");
        fs.create(aside, true).close();
        fs.mkdirs(new org.apache.hadoop.fs.Path(markers));
        assertTrue(fs.rename(aside, new org.apache.hadoop.fs.Path(markers, "fault-1")));
        JsonNode afterException = checkpoints(rest, jobId, j -> j.path("counts").path("restored").asInt() >= 2);
        int completedAgain = afterException.path("counts").path("completed").asInt();
        checkpoints(rest, jobId, j -> j.path("counts").path("completed").asInt() > completedAgain);

        // 3. SIGKILL of the ApplicationMaster: attempt 2 keeps the containers and restores the job
        YarnJobClustersTest.awaitProcess(appId, "YarnApplicationMaster", Duration.ofSeconds(10)).destroyForcibly();
        ApplicationReport second = dist.awaitReport(appId, r -> r.getCurrentApplicationAttemptId().getAttemptId() == 2
                && r.getYarnApplicationState() == YarnApplicationState.RUNNING && r.getRpcPort() > 0, Duration.ofMinutes(2));
        checkpoints("http://" + second.getHost() + ":" + second.getRpcPort(), jobId,
                j -> j.path("latest").path("restored").path("id").asLong() >= 2);

        ApplicationReport end = dist.awaitReport(appId, YarnDistribution::ended, Duration.ofMinutes(5));
        assertEquals(FinalApplicationStatus.SUCCEEDED, end.getFinalApplicationStatus(), end.getDiagnostics());

        List<String> expected = new ArrayList<>();
        for (int key = 0; key < KEYS; key++) {
            for (int seq = 1; seq <= PER_KEY; seq++) {
                expected.add("key" + key + "," + seq + "," + seq);
            }
        }
        expected.sort(null);
        List<String> output = readCommitted("counts", Duration.ofMinutes(1));
        output.sort(null);
        assertEquals(expected.size(), output.size(), "each result once: no more, no fewer");
        assertEquals(expected, output);
    }

    /** Everything committed to {@code topic}; fails if open transactions hold a read_committed reader back. */
    private static List<String> readCommitted(String topic, Duration timeout) {
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
            // read_committed end offsets stop at the first open transaction: after the job they must be the log's end
            Map<TopicPartition, Long> stable = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < stable.get(tp))) {
                assertTrue(System.nanoTime() < deadline, "a read_committed reader did not get to the end");
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(new String(r.value(), StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }
}
