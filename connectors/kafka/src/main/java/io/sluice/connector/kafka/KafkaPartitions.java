package io.sluice.connector.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The source's view of the cluster when the job is built: which partitions exist and where each
 * starts and stops. Every call has a deadline ({@code default.api.timeout.ms}, 30 s unless set), so
 * an unreachable broker fails the submission with the address it tried instead of hanging.
 */
final class KafkaPartitions implements AutoCloseable {

    private static final long DEFAULT_TIMEOUT_MS = 30_000;

    private final Admin admin;
    private final String servers;
    private final long timeoutMs;

    KafkaPartitions(Map<String, String> consumerProperties) {
        Properties props = new Properties();
        for (String key : AdminClientConfig.configNames()) {
            if (consumerProperties.containsKey(key)) {
                props.put(key, consumerProperties.get(key));
            }
        }
        this.servers = consumerProperties.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        this.timeoutMs = Long.parseLong(consumerProperties.getOrDefault(
                CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(DEFAULT_TIMEOUT_MS)));
        props.putIfAbsent(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(timeoutMs));
        props.putIfAbsent(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(Math.min(timeoutMs, 10_000)));
        this.admin = Admin.create(props);
    }

    /** All splits of the source, sorted by topic and partition, with resolved start and stop offsets. */
    <T> List<KafkaPartitionSplit> splits(KafkaSource<T> source, int parallelism) throws Exception {
        Set<String> topics = topics(source);
        Map<String, TopicDescription> described;
        try {
            described = await(admin.describeTopics(topics).allTopicNames(), "describe " + source.describeTopics());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new IllegalArgumentException("Kafka at " + servers + " has no " + source.describeTopics()
                        + " (" + e.getCause().getMessage() + "): create the topic first, or check its name", e.getCause());
            }
            throw e;
        }
        List<TopicPartition> partitions = new ArrayList<>();
        for (TopicDescription d : described.values()) {
            d.partitions().forEach(p -> partitions.add(new TopicPartition(d.name(), p.partition())));
        }
        partitions.sort(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));

        Map<TopicPartition, Long> start = startingOffsets(source, partitions);
        Map<TopicPartition, Long> stop = stoppingOffsets(source, partitions);
        List<KafkaPartitionSplit> splits = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            long from = start.get(tp);
            long until = stop.getOrDefault(tp, KafkaPartitionSplit.UNBOUNDED);
            splits.add(new KafkaPartitionSplit(tp.topic(), tp.partition(), Math.min(from, until), until, parallelism));
        }
        return splits;
    }

    private Set<String> topics(KafkaSource<?> source) throws Exception {
        Pattern pattern = source.topicPattern();
        if (pattern == null) {
            return new TreeSet<>(source.topics());
        }
        Set<String> matching = new TreeSet<>();
        for (String name : await(admin.listTopics().names(), "list the topics")) {
            if (pattern.matcher(name).matches()) {
                matching.add(name);
            }
        }
        return matching; // may be empty: discovery picks up topics created later
    }

    private Map<TopicPartition, Long> startingOffsets(KafkaSource<?> source, List<TopicPartition> partitions)
            throws Exception {
        StartingOffsets spec = source.startingOffsets();
        if (spec instanceof StartingOffsets.Latest) {
            return offsets(partitions, OffsetSpec.latest());
        }
        if (spec instanceof StartingOffsets.Timestamp t) {
            Map<TopicPartition, Long> at = offsets(partitions, OffsetSpec.forTimestamp(t.epochMillis()));
            Map<TopicPartition, Long> latest = offsets(partitions, OffsetSpec.latest());
            at.replaceAll((tp, offset) -> offset < 0 ? latest.get(tp) : offset);
            return at;
        }
        if (spec instanceof StartingOffsets.Committed c) {
            Map<TopicPartition, OffsetAndMetadata> committed = await(
                    admin.listConsumerGroupOffsets(source.groupId()).partitionsToOffsetAndMetadata(),
                    "read the offsets of consumer group " + source.groupId());
            Map<TopicPartition, Long> reset = offsets(partitions, c.reset() == StartingOffsets.ResetStrategy.EARLIEST
                    ? OffsetSpec.earliest() : OffsetSpec.latest());
            Map<TopicPartition, Long> result = new HashMap<>();
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata o = committed.get(tp);
                result.put(tp, o != null ? o.offset() : reset.get(tp));
            }
            return result;
        }
        Map<TopicPartition, Long> earliest = offsets(partitions, OffsetSpec.earliest());
        if (spec instanceof StartingOffsets.Specific s) {
            earliest.replaceAll((tp, offset) -> s.offsets().getOrDefault(tp.topic() + "-" + tp.partition(), offset));
        }
        return earliest;
    }

    private Map<TopicPartition, Long> stoppingOffsets(KafkaSource<?> source, List<TopicPartition> partitions)
            throws Exception {
        if (!source.isBounded()) {
            return Map.of();
        }
        Map<TopicPartition, Long> latest = offsets(partitions, OffsetSpec.latest());
        if (source.stoppingOffsets() != null) {
            latest.replaceAll((tp, offset) -> source.stoppingOffsets().getOrDefault(tp.topic() + "-" + tp.partition(), offset));
        }
        return latest;
    }

    private Map<TopicPartition, Long> offsets(Collection<TopicPartition> partitions, OffsetSpec spec) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> infos =
                await(admin.listOffsets(request).all(), "list the offsets of " + partitions.size() + " partition(s)");
        Map<TopicPartition, Long> offsets = new HashMap<>();
        infos.forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }

    private <V> V await(KafkaFuture<V> future, String what) throws Exception {
        try {
            return future.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("could not " + what + ": Kafka at " + servers + " did not answer within "
                    + timeoutMs + " ms. Is bootstrap.servers right and the broker up?", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw new IllegalStateException("could not " + what + ": Kafka at " + servers + " did not answer within "
                        + timeoutMs + " ms (" + e.getCause().getMessage() + "). Is bootstrap.servers right and the broker up?",
                        e.getCause());
            }
            throw e;
        }
    }

    @Override
    public void close() {
        admin.close(java.time.Duration.ofSeconds(5));
    }
}
