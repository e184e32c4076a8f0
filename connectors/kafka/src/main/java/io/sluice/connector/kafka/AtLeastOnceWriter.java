package io.sluice.connector.kafka;

import io.sluice.api.connector.sink.SinkWriter;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;

/** The NONE and AT_LEAST_ONCE writer: sends as records come; at-least-once flushes at every checkpoint. */
final class AtLeastOnceWriter<T> implements SinkWriter<T, PreparedTransaction> {

    private final KafkaProducer<byte[], byte[]> producer;
    private final KafkaRecordSerializer<T> serializer;
    private final boolean flushAtCheckpoints;
    private final String taskName;
    /** The first send that failed; the next write, checkpoint or finish fails the task with it. */
    private final AtomicReference<Exception> sendError = new AtomicReference<>();

    AtLeastOnceWriter(KafkaProducer<byte[], byte[]> producer, KafkaRecordSerializer<T> serializer,
                      boolean flushAtCheckpoints, String taskName) {
        this.producer = producer;
        this.serializer = serializer;
        this.flushAtCheckpoints = flushAtCheckpoints;
        this.taskName = taskName;
    }

    @Override
    public void write(T element) throws Exception {
        checkSends();
        producer.send(serializer.serialize(element), (metadata, error) -> {
            if (error != null) {
                sendError.compareAndSet(null, error);
            }
        });
    }

    private void checkSends() throws IOException {
        Exception error = sendError.get();
        if (error != null) {
            throw new IOException(taskName + ": Kafka did not take a record: " + error, error);
        }
    }

    @Override
    public List<PreparedTransaction> prepareCommit(long checkpointId) throws IOException {
        if (flushAtCheckpoints) {
            producer.flush();
            checkSends();
        }
        return List.of();
    }

    @Override
    public void commit(long checkpointId) {
    }

    @Override
    public void finish() throws IOException {
        producer.flush();
        checkSends();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
