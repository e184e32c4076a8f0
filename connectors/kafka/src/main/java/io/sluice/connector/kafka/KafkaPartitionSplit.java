package io.sluice.connector.kafka;

import java.io.Serializable;

/**
 * One Kafka partition as a split of a {@link KafkaSource}, with its progress: the offset of the
 * next record to read. A checkpoint stores it, so a restored reader goes on at exactly that record.
 *
 * @param nextOffset          the next offset to read; {@link #EARLIEST} for a partition found while
 *                            the job runs (it is read from its start)
 * @param stoppingOffset      the first offset not to read (bounded mode), or {@link #UNBOUNDED}
 * @param assignedParallelism the source parallelism the split was assigned under
 *
 * <p>Besides the partitions, each reader's state holds one {@link #discoveryMarker} (no topic): it
 * tells a restored reader whether partitions still follow the ownership rule that discovery relies on.
 */
public record KafkaPartitionSplit(String topic, int partition, long nextOffset, long stoppingOffset,
                                  int assignedParallelism) implements Serializable {

    /** Marks a partition to be read from its earliest offset, resolved by the reader. */
    public static final long EARLIEST = -2;
    /** A stopping offset that is never reached. */
    public static final long UNBOUNDED = Long.MAX_VALUE;

    /**
     * The marker of a reader that discovers partitions as an instance of {@code parallelism}, or with
     * {@code -1}, of one whose discovery is off for good (its job was restored at another parallelism).
     */
    static KafkaPartitionSplit discoveryMarker(int parallelism) {
        return new KafkaPartitionSplit("", -1, 0, 0, parallelism);
    }

    boolean isDiscoveryMarker() {
        return topic.isEmpty();
    }

    public boolean isBounded() {
        return stoppingOffset != UNBOUNDED;
    }

    KafkaPartitionSplit at(long offset) {
        return new KafkaPartitionSplit(topic, partition, offset, stoppingOffset, assignedParallelism);
    }

    @Override
    public String toString() {
        if (isDiscoveryMarker()) {
            return "discovery marker (parallelism " + assignedParallelism + ")";
        }
        return topic + "-" + partition + "@" + (nextOffset == EARLIEST ? "earliest" : nextOffset)
                + (isBounded() ? " until " + stoppingOffset : "");
    }
}
