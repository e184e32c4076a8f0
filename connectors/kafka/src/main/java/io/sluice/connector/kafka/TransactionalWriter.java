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
    /** Written with every marker, so a marker of another run (another job with the same prefix) is not mistaken for ours. */
    private final String run;
    private final String taskName;
    private final long transactionTimeoutNanos;
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
        final long beganAt = System.nanoTime();
        String markerTopic;
        long checkpointId = -1;
        byte[] encoded;

        Transaction(int slot, String transactionalId) {
            this.slot = slot;
            this.transactionalId = transactionalId;
        }
    }

    TransactionalWriter(Map<String, String> properties, KafkaRecordSerializer<T> serializer, String prefix,
                        int subtask, String run, String taskName) {
        this.properties = properties;
        this.serializer = serializer;
        this.prefix = prefix;
        this.subtask = subtask;
        this.run = run;
        this.taskName = taskName;
        this.transactionTimeoutNanos = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(Long.parseLong(
                properties.getOrDefault(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "60000")));
        try {
            for (int slot = 0; slot < POOL; slot++) {
                pool.add(transactional(prefix + "-" + subtask + "-" + slot));
            }
            this.resender = transactional(prefix + "-" + subtask + "-resend");
        } catch (RuntimeException e) {
            pool.forEach(p -> p.close(Duration.ZERO));
            throw e;
        }
    }

    /** The consumer group whose committed offset is the id of the last checkpoint whose transaction committed. */
    static String markerGroup(String prefix, int subtask) {
        return prefix + "-" + subtask + "-commits";
    }

    static String markerKey(int subtask, String run) {
        return subtask + "/" + run;
    }

    /**
     * Where a transaction's marker goes: partition 0 of a topic it wrote to. Markers of one run only grow,
     * so the largest over all partitions of the group is the last committed checkpoint.
     */
    static TopicPartition markerPartition(String topic) {
        return new TopicPartition(topic, 0);
    }

    /** A producer for {@code transactionalId}, initialized: any transaction an earlier holder left open is aborted. */
    private KafkaProducer<byte[], byte[]> transactional(String transactionalId) {
        Properties props = KafkaSink.producerProperties(properties, "sluice-" + transactionalId);
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
    void recover(List<PreparedTransaction> restored, Map<String, Long> committedMarkers) throws IOException {
        for (PreparedTransaction p : restored.stream()
                .sorted(java.util.Comparator.comparingLong(PreparedTransaction::checkpointId)).toList()) {
            long committed = committedMarkers.getOrDefault(markerKey(p.subtask(), p.run()), -1L);
            if (p.checkpointId() <= committed) {
                continue;
            }
            LOG.info("{}: committing again the {} record(s) of checkpoint {} (transaction {}), whose commit did not "
                    + "happen before the restart", taskName, p.recordCount(), p.checkpointId(), p.transactionalId());
            resend(BufferedRecords.decode(p.records(), p.recordCount()), p.checkpointId(), p.subtask(), p.run());
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

    private Transaction begin() throws IOException {
        int slot = nextSlot;
        nextSlot = (nextSlot + 1) % POOL;
        for (Transaction waiting : prepared) {
            if (waiting.slot == slot && waiting.live) {
                // more checkpoints in flight than the pool holds: let this one go, its records are in the checkpoint
                abort(waiting);
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
            state.add(new PreparedTransaction(t.checkpointId, subtask, run, t.transactionalId, t.records.count(), t.encoded));
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
                producer.sendOffsetsToTransaction(marker(t.markerTopic, t.checkpointId, run), groupMetadata(subtask));
                producer.commitTransaction();
                t.live = false;
                return;
            } catch (org.apache.kafka.common.errors.ProducerFencedException e) {
                if (!timedOut(t)) {
                    throw fenced(t.transactionalId, e);
                }
                // the broker aborted it on timeout and bumped the epoch, which looks like fencing
                LOG.warn("{}: transaction {} of checkpoint {} outlived transaction.timeout.ms and was aborted by "
                        + "the broker; sending its {} record(s) again", taskName, t.transactionalId, t.checkpointId,
                        t.records.count());
                replaceProducer(t);
            } catch (KafkaException e) {
                // e.g. a commit that failed on the broker: the records are still here
                LOG.warn("{}: transaction {} of checkpoint {} did not commit ({}); sending its {} record(s) again",
                        taskName, t.transactionalId, t.checkpointId, e.toString(), t.records.count());
                abort(t);
            }
        }
        resend(BufferedRecords.decode(t.encoded, t.records.count()), t.checkpointId, subtask, run);
    }

    /**
     * Whether the broker may have aborted {@code t} on its timeout. Kafka reports that as fencing (the
     * epoch is bumped), so only a transaction younger than the timeout is really fenced by another writer.
     */
    private boolean timedOut(Transaction t) {
        return System.nanoTime() - t.beganAt >= transactionTimeoutNanos;
    }

    private void replaceProducer(Transaction t) {
        t.live = false;
        pool.get(t.slot).close(Duration.ZERO);
        pool.set(t.slot, transactional(t.transactionalId));
    }

    /** Another writer took the id: a newer attempt of this instance is running, and this one must stop. */
    private IOException fenced(String transactionalId, Exception e) {
        return new IOException(taskName + ": transactional id " + transactionalId + " was taken over by another "
                + "writer (a newer attempt of this task, or another job with the prefix '" + prefix + "')", e);
    }

    /** Sends {@code records} in one transaction with the marker of {@code checkpointId}, and commits it. */
    private void resend(List<ProducerRecord<byte[], byte[]>> records, long checkpointId, int markerSubtask,
                        String markerRun) throws IOException {
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
        resender.sendOffsetsToTransaction(marker(records.get(0).topic(), checkpointId, markerRun),
                groupMetadata(markerSubtask));
        resender.commitTransaction();
    }

    private static Map<TopicPartition, OffsetAndMetadata> marker(String topic, long checkpointId, String run) {
        return Map.of(markerPartition(topic), new OffsetAndMetadata(checkpointId, run));
    }

    private ConsumerGroupMetadata groupMetadata(int markerSubtask) {
        return new ConsumerGroupMetadata(markerGroup(prefix, markerSubtask));
    }

    /** Aborts a live transaction, whose records are in a checkpoint (or, for the open one, will be replayed). */
    private void abort(Transaction t) throws IOException {
        if (!t.live) {
            return;
        }
        t.live = false;
        try {
            pool.get(t.slot).abortTransaction();
        } catch (org.apache.kafka.common.errors.ProducerFencedException e) {
            if (!timedOut(t)) {
                throw fenced(t.transactionalId, e);
            }
            replaceProducer(t);
        } catch (KafkaException | IllegalStateException e) {
            // the producer is unusable (e.g. its transaction timed out on the broker): a new one takes the id
            LOG.info("{}: could not abort transaction {} ({}); replacing its producer", taskName, t.transactionalId,
                    e.toString());
            replaceProducer(t);
        }
    }

    /**
     * The input ended: commits everything. The last transaction belongs to no checkpoint, so it commits
     * without a marker (the marker stays the last checkpoint's id).
     */
    @Override
    public void finish() throws IOException {
        commit(Long.MAX_VALUE);
        if (current != null) {
            KafkaProducer<byte[], byte[]> producer = pool.get(current.slot);
            producer.flush();
            checkSends(current);
            producer.commitTransaction();
            current.live = false;
            current = null;
        }
    }

    /**
     * After a failure: aborts what is open, best effort (its records are in the checkpoint or will be
     * replayed; the next attempt's writer fences the ids anyway), and releases every producer.
     */
    @Override
    public void close() {
        List<Transaction> open = new ArrayList<>(prepared);
        if (current != null) {
            open.add(current);
        }
        for (Transaction t : open) {
            if (t.live) {
                t.live = false;
                try {
                    pool.get(t.slot).abortTransaction();
                } catch (RuntimeException e) {
                    LOG.debug("{}: transaction {} left to the next attempt to abort: {}", taskName, t.transactionalId, e.toString());
                }
            }
        }
        for (KafkaProducer<byte[], byte[]> producer : pool) {
            closeQuietly(producer);
        }
        closeQuietly(resender);
    }

    private void closeQuietly(KafkaProducer<byte[], byte[]> producer) {
        try {
            producer.close(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOG.debug("{}: closing a producer failed: {}", taskName, e.toString());
        }
    }
}
