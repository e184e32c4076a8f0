package io.sluice.connector.kafka;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Turns what the job emits into a Kafka record (topic, optional key and partition, value). */
@FunctionalInterface
public interface KafkaRecordSerializer<T> extends Serializable {

    ProducerRecord<byte[], byte[]> serialize(T element) throws Exception;

    /** The element's {@code toString()} as the UTF-8 value, without a key, to {@code topic}. */
    static <T> KafkaRecordSerializer<T> valueAsString(String topic) {
        return element -> new ProducerRecord<>(topic, element.toString().getBytes(StandardCharsets.UTF_8));
    }
}
