package io.sluice.connector.kafka;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The records of one transaction, kept by the exactly-once writer until the transaction commits,
 * in a compact form for checkpoints: per record topic, partition, timestamp, key and value.
 */
final class BufferedRecords {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final DataOutputStream out = new DataOutputStream(bytes);
    private int count;

    void add(ProducerRecord<byte[], byte[]> record) {
        try {
            out.writeUTF(record.topic());
            out.writeInt(record.partition() == null ? -1 : record.partition());
            out.writeLong(record.timestamp() == null ? Long.MIN_VALUE : record.timestamp());
            writeBytes(record.key());
            writeBytes(record.value());
            count++;
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array stream does not fail
        }
    }

    private void writeBytes(byte[] b) throws IOException {
        out.writeInt(b == null ? -1 : b.length);
        if (b != null) {
            out.write(b);
        }
    }

    int count() {
        return count;
    }

    byte[] toByteArray() {
        return bytes.toByteArray();
    }

    static List<ProducerRecord<byte[], byte[]>> decode(byte[] encoded, int count) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(count);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
            for (int i = 0; i < count; i++) {
                String topic = in.readUTF();
                int partition = in.readInt();
                long timestamp = in.readLong();
                byte[] key = readBytes(in);
                byte[] value = readBytes(in);
                records.add(new ProducerRecord<>(topic, partition < 0 ? null : partition,
                        timestamp == Long.MIN_VALUE ? null : timestamp, key, value));
            }
        } catch (IOException e) {
            throw new IllegalStateException("the buffered records of a Kafka transaction are damaged", e);
        }
        return records;
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        byte[] b = new byte[length];
        in.readFully(b);
        return b;
    }
}
