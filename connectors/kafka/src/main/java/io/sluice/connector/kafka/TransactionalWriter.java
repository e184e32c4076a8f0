package io.sluice.connector.kafka;

import io.sluice.api.connector.sink.SinkWriter;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exactly-once writer: one Kafka transaction per checkpoint interval, flushed at the checkpoint
 * and committed when it completes, with a write-ahead copy of its records in the checkpoint.
 *
 * <p>Records are sent as they come (no burst at commit time). Each transaction commits together with
 * a marker, the offset {@code checkpointId} committed for the consumer group
 * {@link #markerGroup(String, int)}, so a restored writer can tell whether a prepared transaction
 * committed. One that did not (the task died before the completion notice, the broker's transaction
 * timeout aborted it, a commit failed) is sent again from the checkpointed copy in a transaction of
 * its own, once; so neither a lost notice nor a transaction timeout loses or repeats a record.
 *
 * <p>Transactional ids: a pool of {@value #POOL} per instance ({@code <prefix>-<subtask>-<n>}),
 * used in turn, plus {@code <prefix>-<subtask>-resend}. A new writer initializes all of them first,
 * which aborts whatever an earlier attempt left open, so {@code read_committed} readers are blocked
 * no longer than until the restart.
 */
final class TransactionalWriter<T> implements SinkWriter<T, PreparedTransaction> {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionalWriter.class);

    /** Transactional ids per instance: one open transaction and those awaiting their checkpoint's completion. */
    static final int POOL = 3;

    private final Map<String, String> properties;
    private final KafkaRecordSerializer<T> serializer;
    private final String prefix;
    private final int subtask;
    private final String taskName;
    private final List<KafkaProducer<byte[], byte[]>> pool = new ArrayList<>();
    private KafkaProducer<byte[], byte[]> resender;
    /** Flushed at a checkpoint, awaiting its completion; oldest first. */
    private final ArrayDeque<Transaction> prepared = new ArrayDeque<>();
    private Transaction current;
    private int nextSlot;

    /** A transaction of this writer: on a pool producer while live, or only its records once that is gone. */
    private static final class Transaction {
        final int slot;
        final String transactionalId;
        final BufferedRecords records = new BufferedRecords();
        final AtomicReference<Exception> sendError = new AtomicReference<>();
        boolean live = true;
        String markerTopic;
        long checkpointId = -1;
        byte[] encoded;

        Transaction(int slot, String transactionalId) {
            this.slot = slot;
            this.transactionalId = transactionalId;
        }
    }

    TransactionalWriter(Map<String, String> properties, KafkaRecordSerializer<T> serializer, String prefix,
                        int subtask, String taskName) {
        this.properties = properties;
        this.serializer = serializer;
        this.prefix = prefix;
        this.subtask = subtask;
        this.taskName = taskName;
        for (int slot = 0; slot < POOL; slot++) {
            pool.add(transactional(prefix + "-" + subtask + "-" + slot));
        }
        this.resender = transactional(prefix + "-" + subtask + "-resend");
    }

    /** The consumer group whose committed offset is the id of the last checkpoint whose transaction committed. */
    static String markerGroup(String prefix, int subtask) {
        return prefix + "-" + subtask + "-commits";
    }

    /** A producer for {@code transactionalId}, initialized: any transaction an earlier holder left open is aborted. */
    private KafkaProducer<byte[], byte[]> transactional(String transactionalId) {
        Properties props = KafkaSink.producerProperties(properties, taskName);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props);
        try {
            producer.initTransactions();
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
        return producer;
    }

    /** Commits again, once, what the restored checkpoint prepared and no transaction committed yet. */
    void recover(List<PreparedTransaction> restored, Map<Integer, Long> committedMarkers) throws IOException {
        for (PreparedTransaction p : restored.stream()
                .sorted(java.util.Comparator.comparingLong(PreparedTransaction::checkpointId)).toList()) {
            long committed = committedMarkers.getOrDefault(p.subtask(), -1L);
            if (p.checkpointId() <= committed) {
                continue;
            }
            LOG.info("{}: committing again the {} record(s) of checkpoint {} (transaction {}), whose commit did not "
                    + "happen before the restart", taskName, p.recordCount(), p.checkpointId(), p.transactionalId());
            resend(BufferedRecords.decode(p.records(), p.recordCount()), p.checkpointId(), p.subtask());
        }
    }

    @Override
    public void write(T element) throws Exception {
        ProducerRecord<byte[], byte[]> record = serializer.serialize(element);
        if (current == null) {
            current = begin();
        }
        checkSends(current);
        Transaction t = current;
        pool.get(t.slot).send(record, (metadata, error) -> {
            if (error != null) {
                t.sendError.compareAndSet(null, error);
            }
        });
        t.records.add(record);
        if (t.markerTopic == null) {
            t.markerTopic = record.topic();
        }
    }

    private Transaction begin() {
        int slot = nextSlot;
        nextSlot = (nextSlot + 1) % POOL;
        for (Transaction waiting : prepared) {
            if (waiting.slot == slot && waiting.live) {
                // more checkpoints in flight than the pool holds: let this one go, its records are in the checkpoint
                abortQuietly(waiting);
            }
        }
        pool.get(slot).beginTransaction();
        return new Transaction(slot, prefix + "-" + subtask + "-" + slot);
    }

    private void checkSends(Transaction t) throws IOException {
        Exception error = t.sendError.get();
        if (error != null) {
            throw new IOException(taskName + ": Kafka did not take a record of transaction " + t.transactionalId
                    + ": " + error, error);
        }
    }

    @Override
    public List<PreparedTransaction> prepareCommit(long checkpointId) throws IOException {
        if (current != null) {
            pool.get(current.slot).flush();
            checkSends(current);
            current.checkpointId = checkpointId;
            current.encoded = current.records.toByteArray();
            prepared.add(current);
            current = null;
        }
        List<PreparedTransaction> state = new ArrayList<>(prepared.size());
        for (Transaction t : prepared) {
            state.add(new PreparedTransaction(t.checkpointId, subtask, t.transactionalId, t.records.count(), t.encoded));
        }
        return state;
    }

    @Override
    public void commit(long checkpointId) throws IOException {
        while (!prepared.isEmpty() && prepared.peek().checkpointId <= checkpointId) {
            commitPrepared(prepared.poll());
        }
    }

    private void commitPrepared(Transaction t) throws IOException {
        if (t.live) {
            KafkaProducer<byte[], byte[]> producer = pool.get(t.slot);
            try {
                producer.sendOffsetsToTransaction(marker(t.markerTopic, t.checkpointId), groupMetadata(subtask));
                producer.commitTransaction();
                t.live = false;
                return;
            } catch (KafkaException e) {
                // e.g. aborted by the broker's transaction timeout: the records are still here
                LOG.warn("{}: transaction {} of checkpoint {} did not commit ({}); sending its {} record(s) again",
                        taskName, t.transactionalId, t.checkpointId, e.toString(), t.records.count());
                abortQuietly(t);
            }
        }
        resend(BufferedRecords.decode(t.encoded, t.records.count()), t.checkpointId, subtask);
    }

    /** Sends {@code records} in one transaction with the marker of {@code checkpointId}, and commits it. */
    private void resend(List<ProducerRecord<byte[], byte[]>> records, long checkpointId, int markerSubtask)
            throws IOException {
        if (records.isEmpty()) {
            return;
        }
        AtomicReference<Exception> error = new AtomicReference<>();
        resender.beginTransaction();
        for (ProducerRecord<byte[], byte[]> r : records) {
            resender.send(r, (metadata, e) -> {
                if (e != null) {
                    error.compareAndSet(null, e);
                }
            });
        }
        resender.flush();
        if (error.get() != null) {
            resender.abortTransaction();
            throw new IOException(taskName + ": could not send the records of checkpoint " + checkpointId
                    + " again: " + error.get(), error.get());
        }
        resender.sendOffsetsToTransaction(marker(records.get(0).topic(), checkpointId), groupMetadata(markerSubtask));
        resender.commitTransaction();
    }

    private static Map<TopicPartition, OffsetAndMetadata> marker(String topic, long checkpointId) {
        return Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(checkpointId));
    }

    private ConsumerGroupMetadata groupMetadata(int markerSubtask) {
        return new ConsumerGroupMetadata(markerGroup(prefix, markerSubtask));
    }

    private void abortQuietly(Transaction t) {
        if (!t.live) {
            return;
        }
        t.live = false;
        try {
            pool.get(t.slot).abortTransaction();
        } catch (KafkaException e) {
            // the producer is unusable (fenced, or its transaction timed out): a new one takes the id
            LOG.info("{}: could not abort transaction {} ({}); replacing its producer", taskName, t.transactionalId,
                    e.toString());
            pool.get(t.slot).close(Duration.ZERO);
            pool.set(t.slot, transactional(t.transactionalId));
        }
    }

    @Override
    public void finish() throws IOException {
        commit(Long.MAX_VALUE);
        if (current != null) {
            Transaction t = current;
            current = null;
            pool.get(t.slot).flush();
            checkSends(t);
            pool.get(t.slot).sendOffsetsToTransaction(marker(t.markerTopic, Long.MAX_VALUE), groupMetadata(subtask));
            pool.get(t.slot).commitTransaction();
            t.live = false;
        }
    }

    /** After a failure: aborts what is open (its records are in the checkpoint, if it got that far). */
    @Override
    public void close() {
        if (current != null) {
            abortQuietly(current);
        }
        prepared.forEach(this::abortQuietly);
        pool.forEach(p -> p.close(Duration.ofSeconds(5)));
        resender.close(Duration.ofSeconds(5));
    }
}
