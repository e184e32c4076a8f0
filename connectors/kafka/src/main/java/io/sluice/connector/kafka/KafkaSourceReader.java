package io.sluice.connector.kafka;

import io.sluice.api.connector.ConnectorContext;
import io.sluice.api.connector.source.InputStatus;
import io.sluice.api.connector.source.SourceOutput;
import io.sluice.api.connector.source.SourceReader;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the partitions of one parallel instance with a {@link KafkaConsumer} that is assigned them
 * (no group membership, so no rebalances), on the task's thread. The offset after the last emitted
 * record of each partition is its progress; a snapshot stores it and nothing polled is held back,
 * so a restore continues with exactly the next record.
 */
final class KafkaSourceReader<T> implements SourceReader<T, KafkaPartitionSplit> {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaSourceReader.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);

    private final KafkaSource<T> source;
    private final ConnectorContext context;
    private final KafkaConsumer<byte[], byte[]> consumer;
    /** Unfinished partitions: the next offset to read and where to stop. */
    private final Map<TopicPartition, Long> next = new LinkedHashMap<>();
    private final Map<TopicPartition, Long> stop = new HashMap<>();
    /** Offsets of each snapshot not yet known complete, to commit to the group when it is. */
    private final TreeMap<Long, Map<TopicPartition, OffsetAndMetadata>> toCommit = new TreeMap<>();
    /** The offsets of the latest completed checkpoint, until their asynchronous commit succeeded. */
    private Map<TopicPartition, OffsetAndMetadata> uncommitted;
    private boolean discovery;
    /** Set when a restore broke the ownership rule; carried in every later snapshot. */
    private boolean discoveryOffForGood;
    private long nextDiscovery;
    private long skipped;

    KafkaSourceReader(KafkaSource<T> source, ConnectorContext context) {
        this.source = source;
        this.context = context;
        Properties props = new Properties();
        props.putAll(source.properties());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // an offset retention removed is an error to see, not a gap to skip (auto.offset.reset=earliest opts in)
        props.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "sluice-kafka-source-" + context.subtaskIndex());
        this.consumer = new KafkaConsumer<>(props);
        this.discovery = source.discoveryIntervalMillis() > 0;
    }

    @Override
    public void addSplits(List<KafkaPartitionSplit> splits) {
        List<TopicPartition> fromStart = new ArrayList<>();
        List<KafkaPartitionSplit> markers = new ArrayList<>();
        List<KafkaPartitionSplit> partitions = new ArrayList<>();
        for (KafkaPartitionSplit split : splits) {
            if (split.isDiscoveryMarker()) {
                markers.add(split);
                continue;
            }
            partitions.add(split);
            TopicPartition tp = new TopicPartition(split.topic(), split.partition());
            stop.put(tp, split.stoppingOffset());
            next.put(tp, split.nextOffset());
            if (split.nextOffset() == KafkaPartitionSplit.EARLIEST) {
                fromStart.add(tp);
            }
        }
        // Discovery relies on each partition being read by its owner. That holds when this instance got
        // exactly its own marker back: a fresh start, or a restore at the same parallelism. After a
        // restore at another one, partitions sit where the state's split put them, and an owner could not
        // tell a new partition from one another instance restored: discovery stays off from then on.
        boolean steady = markers.size() == 1 && markers.get(0).assignedParallelism() == context.parallelism();
        if (discovery && !steady) {
            LOG.warn("{}: partition discovery is off: the job was restored from a checkpoint taken at another "
                    + "parallelism (or with discovery already off); partitions created from now on are not read "
                    + "until the job starts fresh", context.taskName());
            discovery = false;
        }
        discoveryOffForGood = !steady;
        assignAndSeek(fromStart);
        LOG.info("{}: reading {} partition(s) of {}: {}", context.taskName(), next.size(), source.describeTopics(), partitions);
    }

    private void assignAndSeek(List<TopicPartition> fromStart) {
        consumer.assign(next.keySet());
        if (!fromStart.isEmpty()) {
            consumer.beginningOffsets(fromStart).forEach((tp, offset) -> next.put(tp, offset));
        }
        next.forEach(consumer::seek);
    }

    @Override
    public InputStatus pollNext(SourceOutput<T> output) throws Exception {
        if (discovery && System.currentTimeMillis() >= nextDiscovery) {
            discoverPartitions();
            nextDiscovery = System.currentTimeMillis() + source.discoveryIntervalMillis();
        }
        if (next.isEmpty()) {
            if (source.isBounded()) {
                return InputStatus.END_OF_INPUT;
            }
            Thread.sleep(POLL_TIMEOUT.toMillis()); // nothing assigned yet: wait for discovery
            return InputStatus.NOTHING_AVAILABLE;
        }
        ConsumerRecords<byte[], byte[]> records;
        try {
            records = consumer.poll(POLL_TIMEOUT);
        } catch (OffsetOutOfRangeException e) {
            throw new IOException(context.taskName() + ": the offsets " + e.offsetOutOfRangePartitions()
                    + " are no longer (or not yet) in the log, e.g. removed by retention since the checkpoint. "
                    + "Set the source property auto.offset.reset=earliest to go on from the oldest record instead.", e);
        }
        for (TopicPartition tp : records.partitions()) {
            long until = stop.get(tp);
            for (ConsumerRecord<byte[], byte[]> record : records.records(tp)) {
                if (record.offset() >= until) {
                    break;
                }
                emit(record, output);
            }
        }
        List<TopicPartition> finished = new ArrayList<>();
        for (Map.Entry<TopicPartition, Long> e : next.entrySet()) {
            TopicPartition tp = e.getKey();
            // the position, not the last record + 1: it is past transaction markers, which read_committed skips
            long position = consumer.position(tp);
            e.setValue(Math.min(position, stop.get(tp)));
            if (position >= stop.get(tp)) {
                finished.add(tp);
            }
        }
        if (!finished.isEmpty()) {
            finished.forEach(tp -> {
                next.remove(tp);
                stop.remove(tp);
            });
            consumer.assign(next.keySet());
            if (next.isEmpty()) {
                return InputStatus.END_OF_INPUT;
            }
        }
        return records.isEmpty() ? InputStatus.NOTHING_AVAILABLE : InputStatus.MORE_AVAILABLE;
    }

    private void emit(ConsumerRecord<byte[], byte[]> record, SourceOutput<T> output) throws IOException {
        T value;
        try {
            value = source.deserializer().deserialize(record);
        } catch (Exception e) {
            String where = record.topic() + "-" + record.partition() + " offset " + record.offset();
            if (!source.skipUndeserializable()) {
                throw new IOException("could not deserialize the record at " + where + ": " + e
                        + " (skipRecordsThatFailToDeserialize() skips such records instead)", e);
            }
            skipped++;
            if (skipped <= 10 || skipped % 1000 == 0) {
                LOG.warn("{}: skipped the record at {} that failed to deserialize ({} skipped so far): {}",
                        context.taskName(), where, skipped, e.toString());
            }
            return;
        }
        if (value != null) {
            output.collect(value, record.timestamp());
        }
    }

    /** Adds the partitions this instance owns that appeared since the job started, read from their start. */
    private void discoverPartitions() {
        List<PartitionInfo> found = new ArrayList<>();
        Pattern pattern = source.topicPattern();
        if (pattern != null) {
            consumer.listTopics(Duration.ofSeconds(10)).forEach((topic, infos) -> {
                if (pattern.matcher(topic).matches()) {
                    found.addAll(infos);
                }
            });
        } else {
            for (String topic : source.topics()) {
                found.addAll(consumer.partitionsFor(topic, Duration.ofSeconds(10)));
            }
        }
        List<TopicPartition> added = new ArrayList<>();
        for (PartitionInfo info : found) {
            TopicPartition tp = new TopicPartition(info.topic(), info.partition());
            if (!next.containsKey(tp) && !stop.containsKey(tp)
                    && KafkaSource.owner(info.topic(), info.partition(), context.parallelism()) == context.subtaskIndex()) {
                added.add(tp);
                next.put(tp, KafkaPartitionSplit.EARLIEST);
                stop.put(tp, KafkaPartitionSplit.UNBOUNDED);
            }
        }
        if (!added.isEmpty()) {
            LOG.info("{}: discovered new partition(s) {}, reading them from their start", context.taskName(), added);
            assignAndSeek(added);
        }
    }

    @Override
    public List<KafkaPartitionSplit> snapshotState(long checkpointId) {
        List<KafkaPartitionSplit> state = new ArrayList<>(next.size() + 1);
        state.add(KafkaPartitionSplit.discoveryMarker(discoveryOffForGood ? -1 : context.parallelism()));
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        next.forEach((tp, offset) -> {
            state.add(new KafkaPartitionSplit(tp.topic(), tp.partition(), offset, stop.get(tp), context.parallelism()));
            if (offset >= 0) {
                offsets.put(tp, new OffsetAndMetadata(offset));
            }
        });
        if (source.groupId() != null) {
            toCommit.put(checkpointId, offsets);
        }
        return state;
    }

    /** Best effort, for monitoring (consumer lag); recovery reads the checkpoint, never these offsets. */
    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        Map.Entry<Long, Map<TopicPartition, OffsetAndMetadata>> latest = toCommit.floorEntry(checkpointId);
        if (latest == null) {
            return;
        }
        toCommit.headMap(checkpointId, true).clear();
        if (!latest.getValue().isEmpty()) {
            Map<TopicPartition, OffsetAndMetadata> offsets = latest.getValue();
            uncommitted = offsets;
            consumer.commitAsync(offsets, (committed, error) -> {
                if (error == null) {
                    if (uncommitted == offsets) {
                        uncommitted = null;
                    }
                } else {
                    LOG.warn("{}: could not commit the offsets of checkpoint {} to group {} (monitoring only; the "
                            + "checkpoint holds them): {}", context.taskName(), checkpointId, source.groupId(), error.toString());
                }
            });
        }
    }

    /** Commits what the last completed checkpoint read, if its asynchronous commit has not gone through yet. */
    @Override
    public void close() {
        try {
            if (uncommitted != null) {
                consumer.commitSync(uncommitted, Duration.ofSeconds(5));
            }
        } catch (RuntimeException e) {
            LOG.warn("{}: could not commit the offsets of the last checkpoint to group {} on close (monitoring only): {}",
                    context.taskName(), source.groupId(), e.toString());
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }
}
