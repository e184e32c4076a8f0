package io.sluice.connector.kafka;

import io.sluice.api.InvalidJobException;
import io.sluice.api.connector.ConnectorContext;
import io.sluice.api.connector.sink.Sink;
import io.sluice.api.connector.sink.SinkWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes to Kafka with the chosen {@link DeliveryGuarantee}:
 * <ul>
 *   <li>{@code AT_LEAST_ONCE} (the default) flushes the producer at each checkpoint and fails if any
 *       send failed, so a completed checkpoint means everything before it is in Kafka;</li>
 *   <li>{@code EXACTLY_ONCE} writes one transaction per checkpoint interval and commits it when the
 *       checkpoint completes ({@link TransactionalWriter}); the job is refused when
 *       {@code transaction.timeout.ms} is too short for its checkpoint interval.</li>
 * </ul>
 *
 * <pre>{@code
 * stream.sinkTo(KafkaSink.<String>builder()
 *         .bootstrapServers("broker:9092")
 *         .serializer(KafkaRecordSerializer.valueAsString("results"))
 *         .deliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
 *         .transactionalIdPrefix("results-job")
 *         .build(), "Kafka results");
 * }</pre>
 */
public final class KafkaSink<T> implements Sink<T, PreparedTransaction> {

    private static final long serialVersionUID = 1L;

    /** Kafka's producer default of transaction.timeout.ms. */
    private static final long DEFAULT_TRANSACTION_TIMEOUT_MS = 60_000;

    private final Map<String, String> properties;
    private final KafkaRecordSerializer<T> serializer;
    private final DeliveryGuarantee guarantee;
    private final String transactionalIdPrefix;

    private KafkaSink(Builder<T> b) {
        this.properties = Map.copyOf(b.properties);
        this.serializer = b.serializer;
        this.guarantee = b.guarantee;
        this.transactionalIdPrefix = b.transactionalIdPrefix;
    }

    public static <T> Builder<T> builder() {
        return new Builder<>();
    }

    static Properties producerProperties(Map<String, String> properties, String clientId) {
        Properties props = new Properties();
        props.putAll(properties);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, clientId.replaceAll("[^A-Za-z0-9._-]", "_"));
        return props;
    }

    @Override
    public SinkWriter<T, PreparedTransaction> createWriter(ConnectorContext context, List<PreparedTransaction> restored)
            throws Exception {
        String clientId = "sluice-kafka-sink-" + context.subtaskIndex();
        if (guarantee != DeliveryGuarantee.EXACTLY_ONCE) {
            Properties props = producerProperties(properties, clientId);
            if (guarantee == DeliveryGuarantee.AT_LEAST_ONCE) {
                props.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
            }
            return new AtLeastOnceWriter<>(new KafkaProducer<>(props), serializer,
                    guarantee == DeliveryGuarantee.AT_LEAST_ONCE, context.taskName());
        }
        if (!context.isCheckpointingEnabled()) {
            throw new IllegalStateException(context.taskName() + ": the Kafka sink commits its transactions at "
                    + "checkpoints, and this job takes none: enable checkpointing, or use AT_LEAST_ONCE");
        }
        // a fresh start begins a run of its own; a restore goes on with the run it restores
        String run = restored.stream().filter(p -> p.subtask() == context.subtaskIndex()).map(PreparedTransaction::run)
                .findFirst().orElseGet(() -> java.util.UUID.randomUUID().toString());
        TransactionalWriter<T> writer = new TransactionalWriter<>(properties, serializer, transactionalIdPrefix,
                context.subtaskIndex(), run, context.taskName());
        try {
            if (!restored.isEmpty()) {
                writer.recover(restored, committedMarkers(restored));
            }
        } catch (Exception e) {
            writer.close();
            throw e;
        }
        return writer;
    }

    /**
     * The last committed checkpoint per writer instance, read after the writer fenced its ids (so an
     * earlier attempt still alive can no longer commit in between).
     */
    private Map<String, Long> committedMarkers(List<PreparedTransaction> restored) throws Exception {
        Map<String, Object> adminProps = new HashMap<>();
        for (String key : AdminClientConfig.configNames()) {
            if (properties.containsKey(key)) {
                adminProps.put(key, properties.get(key));
            }
        }
        Map<String, Long> markers = new HashMap<>();
        try (Admin admin = Admin.create(adminProps)) {
            for (int subtask : new TreeSet<>(restored.stream().map(PreparedTransaction::subtask).toList())) {
                Map<TopicPartition, OffsetAndMetadata> offsets = admin
                        .listConsumerGroupOffsets(TransactionalWriter.markerGroup(transactionalIdPrefix, subtask))
                        .partitionsToOffsetAndMetadata().get(60, TimeUnit.SECONDS);
                for (OffsetAndMetadata o : offsets.values()) {
                    if (o != null && o.metadata() != null) {
                        markers.merge(TransactionalWriter.markerKey(subtask, o.metadata()), o.offset(), Math::max);
                    }
                }
            }
        }
        return markers;
    }

    /**
     * Refuses an exactly-once job whose transactions would outlive {@code transaction.timeout.ms}: one
     * stays open for up to two checkpoint intervals, and after a failure for the restart delay too.
     * (A timed-out transaction loses nothing here, its records are in the checkpoint, but every such
     * timeout costs a resend and blocks readers until then.)
     */
    @Override
    public void validate(Map<String, String> jobConfiguration) {
        if (guarantee != DeliveryGuarantee.EXACTLY_ONCE) {
            return;
        }
        long interval = millis(jobConfiguration.get("execution.checkpointing.interval"), 0);
        if (interval <= 0) {
            return; // set by the cluster, or not at all: the writer checks when it starts
        }
        String type = jobConfiguration.getOrDefault("restart-strategy.type", "exponential-delay");
        long restartDelay = type.equals("fixed-delay")
                ? millis(jobConfiguration.get("restart-strategy.fixed-delay.delay"), 1000)
                : type.equals("failure-rate") ? millis(jobConfiguration.get("restart-strategy.failure-rate.delay"), 1000)
                : millis(jobConfiguration.get("restart-strategy.exponential-delay.initial-backoff"), 1000);
        long timeout = properties.containsKey(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG)
                ? Long.parseLong(properties.get(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG)) : DEFAULT_TRANSACTION_TIMEOUT_MS;
        long needed = 2 * interval + restartDelay;
        if (timeout < needed) {
            throw new InvalidJobException("the Kafka sink's transaction.timeout.ms (" + timeout + " ms) is too short "
                    + "for checkpoints every " + interval + " ms: a transaction stays open up to two intervals, plus "
                    + restartDelay + " ms of restart delay after a failure, so it needs at least " + needed
                    + " ms. Raise it with .property(\"transaction.timeout.ms\", ...) (at most the broker's "
                    + "transaction.max.timeout.ms, 15 min by default) or checkpoint more often");
        }
    }

    private static long millis(String value, long otherwise) {
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        Matcher m = Pattern.compile("\\s*(\\d+)\\s*(ms|s|min|h)?\\s*").matcher(value);
        if (!m.matches()) {
            return otherwise;
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2);
        return switch (unit) {
            case "s" -> n * 1000;
            case "min" -> n * 60_000;
            case "h" -> n * 3_600_000;
            default -> n;
        };
    }

    /** Builds a {@link KafkaSink}; {@code bootstrapServers} and the serializer are required. */
    public static final class Builder<T> {

        private final Map<String, String> properties = new HashMap<>();
        private KafkaRecordSerializer<T> serializer;
        private DeliveryGuarantee guarantee = DeliveryGuarantee.AT_LEAST_ONCE;
        private String transactionalIdPrefix;

        private Builder() {
        }

        public Builder<T> bootstrapServers(String servers) {
            properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
            return this;
        }

        public Builder<T> serializer(KafkaRecordSerializer<T> serializer) {
            this.serializer = serializer;
            return this;
        }

        public Builder<T> deliveryGuarantee(DeliveryGuarantee guarantee) {
            this.guarantee = guarantee;
            return this;
        }

        /**
         * The start of this sink's transactional ids (and of its commit-marker groups); must differ
         * between jobs (and sinks) writing to the same Kafka cluster, or they fence each other.
         */
        public Builder<T> transactionalIdPrefix(String prefix) {
            this.transactionalIdPrefix = prefix;
            return this;
        }

        /** Any producer property, passed through. */
        public Builder<T> property(String key, String value) {
            properties.put(key, value);
            return this;
        }

        public KafkaSink<T> build() {
            if (!properties.containsKey(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG)) {
                throw new IllegalArgumentException("the Kafka sink needs bootstrapServers(\"host:port,...\")");
            }
            if (serializer == null) {
                throw new IllegalArgumentException("the Kafka sink needs a serializer, e.g. KafkaRecordSerializer.valueAsString(topic)");
            }
            if (guarantee == DeliveryGuarantee.EXACTLY_ONCE
                    && (transactionalIdPrefix == null || transactionalIdPrefix.isBlank())) {
                throw new IllegalArgumentException("an EXACTLY_ONCE Kafka sink needs transactionalIdPrefix(...), unique to "
                        + "the job: its transactions are named after it");
            }
            return new KafkaSink<>(this);
        }
    }
}
