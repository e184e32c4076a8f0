package io.sluice.connector.kafka;

import java.io.Serializable;

/**
 * One Kafka partition as a split of a {@link KafkaSource}, with its progress: the offset of the
 * next record to read. A checkpoint stores it, so a restored reader goes on at exactly that record.
 *
 * @param nextOffset          the next offset to read; {@link #EARLIEST} for a partition found while
 *                            the job runs (it is read from its start)
 * @param stoppingOffset      the first offset not to read (bounded mode), or {@link #UNBOUNDED}
 * @param assignedParallelism the source parallelism the split was assigned under; a restore under
 *                            another one turns partition discovery off (see {@link KafkaSourceReader})
 */
public record KafkaPartitionSplit(String topic, int partition, long nextOffset, long stoppingOffset,
                                  int assignedParallelism) implements Serializable {

    /** Marks a partition to be read from its earliest offset, resolved by the reader. */
    public static final long EARLIEST = -2;
    /** A stopping offset that is never reached. */
    public static final long UNBOUNDED = Long.MAX_VALUE;

    public boolean isBounded() {
        return stoppingOffset != UNBOUNDED;
    }

    KafkaPartitionSplit at(long offset) {
        return new KafkaPartitionSplit(topic, partition, offset, stoppingOffset, assignedParallelism);
    }

    @Override
    public String toString() {
        return topic + "-" + partition + "@" + (nextOffset == EARLIEST ? "earliest" : nextOffset)
                + (isBounded() ? " until " + stoppingOffset : "");
    }
}
