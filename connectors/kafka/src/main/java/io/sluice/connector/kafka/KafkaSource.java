package io.sluice.connector.kafka;

import io.sluice.api.connector.ConnectorContext;
import io.sluice.api.connector.source.Source;
import io.sluice.api.connector.source.SourceReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * Reads Kafka topics with exactly-once state: each partition is a split whose offset is part of
 * every checkpoint, so after a failure the job reads on from the checkpointed offsets, and every
 * record goes into the job's state once. Offsets are committed back to the consumer group when a
 * checkpoint completes, for monitoring tools only; recovery never reads them.
 *
 * <pre>{@code
 * KafkaSource<String> source = KafkaSource.<String>builder()
 *         .bootstrapServers("broker:9092")
 *         .topics("events")
 *         .groupId("my-job")
 *         .startingOffsets(StartingOffsets.committed(StartingOffsets.ResetStrategy.EARLIEST))
 *         .deserializer(KafkaRecordDeserializer.valueAsString())
 *         .build();
 * env.fromSource(source, "Kafka events")
 * }</pre>
 *
 * <p>The partitions and their starting offsets are resolved when the job is built (an unknown topic
 * or an unreachable broker fails the submission with the reason). Partition {@code p} of a topic is
 * read by one parallel instance chosen from the topic and {@code p}, so partitions found later by
 * discovery go to an instance without coordination. Records carry their Kafka timestamps.
 */
public final class KafkaSource<T> implements Source<T, KafkaPartitionSplit> {

    private static final long serialVersionUID = 1L;

    private final Map<String, String> properties;
    private final List<String> topics;
    private final String topicPattern;
    private final StartingOffsets startingOffsets;
    private final boolean boundedAtLatest;
    private final Map<String, Long> stoppingOffsets;
    private final KafkaRecordDeserializer<T> deserializer;
    private final long discoveryIntervalMillis;
    private final boolean skipUndeserializable;

    private KafkaSource(Builder<T> b) {
        this.properties = Map.copyOf(b.properties);
        this.topics = List.copyOf(b.topics);
        this.topicPattern = b.topicPattern;
        this.startingOffsets = b.startingOffsets;
        this.boundedAtLatest = b.boundedAtLatest;
        this.stoppingOffsets = b.stoppingOffsets == null ? null : Map.copyOf(b.stoppingOffsets);
        this.deserializer = b.deserializer;
        this.discoveryIntervalMillis = b.discoveryInterval.toMillis();
        this.skipUndeserializable = b.skipUndeserializable;
    }

    public static <T> Builder<T> builder() {
        return new Builder<>();
    }

    @Override
    public List<KafkaPartitionSplit> createSplits(int parallelism) throws Exception {
        try (KafkaPartitions partitions = new KafkaPartitions(properties)) {
            return partitions.splits(this, parallelism);
        }
    }

    /** Each partition to the instance {@link #owner} names, so discovery agrees with the start. */
    @Override
    public List<KafkaPartitionSplit> assignSplits(List<KafkaPartitionSplit> splits, int subtask, int parallelism) {
        List<KafkaPartitionSplit> mine = new ArrayList<>();
        mine.add(KafkaPartitionSplit.discoveryMarker(parallelism));
        for (KafkaPartitionSplit split : splits) {
            if (owner(split.topic(), split.partition(), parallelism) == subtask) {
                mine.add(split);
            }
        }
        return mine;
    }

    /**
     * The instance that reads partition {@code partition} of {@code topic}: a topic's partitions go
     * round robin from a start that depends on the topic, so many small topics still spread out.
     */
    static int owner(String topic, int partition, int parallelism) {
        int start = Math.floorMod(topic.hashCode() * 31, parallelism);
        return (start + partition) % parallelism;
    }

    @Override
    public SourceReader<T, KafkaPartitionSplit> createReader(ConnectorContext context) {
        return new KafkaSourceReader<>(this, context);
    }

    Map<String, String> properties() {
        return properties;
    }

    List<String> topics() {
        return topics;
    }

    /** Null when the source reads a fixed list of topics. */
    Pattern topicPattern() {
        return topicPattern == null ? null : Pattern.compile(topicPattern);
    }

    StartingOffsets startingOffsets() {
        return startingOffsets;
    }

    boolean isBounded() {
        return boundedAtLatest || stoppingOffsets != null;
    }

    boolean boundedAtLatest() {
        return boundedAtLatest;
    }

    Map<String, Long> stoppingOffsets() {
        return stoppingOffsets;
    }

    KafkaRecordDeserializer<T> deserializer() {
        return deserializer;
    }

    /** 0 when partition discovery is off (always for a bounded source). */
    long discoveryIntervalMillis() {
        return isBounded() ? 0 : discoveryIntervalMillis;
    }

    boolean skipUndeserializable() {
        return skipUndeserializable;
    }

    String groupId() {
        return properties.get(ConsumerConfig.GROUP_ID_CONFIG);
    }

    String describeTopics() {
        return topicPattern != null ? "topics matching '" + topicPattern + "'" : "topic(s) " + String.join(", ", topics);
    }

    /** Builds a {@link KafkaSource}; {@code bootstrapServers}, the topics and the deserializer are required. */
    public static final class Builder<T> {

        private final Map<String, String> properties = new HashMap<>();
        private final List<String> topics = new ArrayList<>();
        private String topicPattern;
        private StartingOffsets startingOffsets = StartingOffsets.earliest();
        private boolean boundedAtLatest;
        private Map<String, Long> stoppingOffsets;
        private KafkaRecordDeserializer<T> deserializer;
        private Duration discoveryInterval = Duration.ofSeconds(30);
        private boolean skipUndeserializable;

        private Builder() {
            // transactional producers' records count once they are committed; override with a property
            properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        }

        public Builder<T> bootstrapServers(String servers) {
            properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
            return this;
        }

        public Builder<T> topics(String... names) {
            topics.addAll(List.of(names));
            return this;
        }

        /** Every topic whose name matches {@code regex} (Java syntax), including ones created while the job runs. */
        public Builder<T> topicPattern(String regex) {
            Pattern.compile(regex); // a bad pattern fails here, where the job is written
            this.topicPattern = regex;
            return this;
        }

        /** The consumer group offsets are committed to when checkpoints complete (and read by {@code committed}). */
        public Builder<T> groupId(String groupId) {
            properties.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
            return this;
        }

        public Builder<T> startingOffsets(StartingOffsets offsets) {
            this.startingOffsets = Objects.requireNonNull(offsets, "startingOffsets");
            return this;
        }

        /** Ends the input at the latest offsets of the partitions seen when the job is built. */
        public Builder<T> boundedAtLatest() {
            this.boundedAtLatest = true;
            return this;
        }

        /** Ends the input at the given offsets, keyed {@code "<topic>-<partition>"} (other partitions: the latest). */
        public Builder<T> boundedAt(Map<String, Long> offsets) {
            this.stoppingOffsets = Map.copyOf(offsets);
            return this;
        }

        public Builder<T> deserializer(KafkaRecordDeserializer<T> deserializer) {
            this.deserializer = deserializer;
            return this;
        }

        /** How often a running reader looks for new partitions (and topics of a pattern); zero turns it off. */
        public Builder<T> partitionDiscoveryInterval(Duration interval) {
            if (interval.isNegative()) {
                throw new IllegalArgumentException("the partition discovery interval must not be negative: " + interval);
            }
            this.discoveryInterval = interval;
            return this;
        }

        /** Skip (and count) records the deserializer rejects instead of failing the job. */
        public Builder<T> skipRecordsThatFailToDeserialize() {
            this.skipUndeserializable = true;
            return this;
        }

        /** Any consumer property, passed through (security, fetch sizes, timeouts...). */
        public Builder<T> property(String key, String value) {
            properties.put(key, value);
            return this;
        }

        public KafkaSource<T> build() {
            if (!properties.containsKey(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG)) {
                throw new IllegalArgumentException("the Kafka source needs bootstrapServers(\"host:port,...\")");
            }
            if (topics.isEmpty() == (topicPattern == null)) {
                throw new IllegalArgumentException("the Kafka source reads either topics(...) or a topicPattern(...): give one of them");
            }
            if (deserializer == null) {
                throw new IllegalArgumentException("the Kafka source needs a deserializer, e.g. KafkaRecordDeserializer.valueAsString()");
            }
            if (startingOffsets instanceof StartingOffsets.Committed && !properties.containsKey(ConsumerConfig.GROUP_ID_CONFIG)) {
                throw new IllegalArgumentException("starting from committed offsets needs groupId(...): whose offsets?");
            }
            if (boundedAtLatest && stoppingOffsets != null) {
                throw new IllegalArgumentException("boundedAtLatest() and boundedAt(...) exclude each other");
            }
            return new KafkaSource<>(this);
        }
    }
}
