package io.sluice.connector.kafka;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns a Kafka record into what the source emits. Runs on the reader's thread; an exception fails
 * the job with the record's topic, partition and offset, or skips the record when the source is
 * built with {@code skipRecordsThatFailToDeserialize()}. Returning null skips the record silently.
 */
@FunctionalInterface
public interface KafkaRecordDeserializer<T> extends Serializable {

    T deserialize(ConsumerRecord<byte[], byte[]> record) throws Exception;

    /** The value as UTF-8 text (null values are skipped). */
    static KafkaRecordDeserializer<String> valueAsString() {
        return record -> record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8);
    }

    /** The value's bytes as they are (null values are skipped). */
    static KafkaRecordDeserializer<byte[]> valueAsBytes() {
        return ConsumerRecord::value;
    }
}
