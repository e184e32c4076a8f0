package io.sluice.connector.kafka;

import java.io.Serializable;
import java.util.Map;

/**
 * Where a {@link KafkaSource} starts reading each partition on a fresh start (a restore starts at
 * the checkpointed offsets instead). Resolved to offsets once, when the job is built.
 */
public sealed interface StartingOffsets extends Serializable {

    /** The first offset still in the log. */
    static StartingOffsets earliest() {
        return new Earliest();
    }

    /** The end of the log: only records written from now on. */
    static StartingOffsets latest() {
        return new Latest();
    }

    /**
     * The offsets the consumer group last committed; partitions without one start where
     * {@code reset} says (earliest or latest). Needs {@code group.id}.
     */
    static StartingOffsets committed(ResetStrategy reset) {
        return new Committed(reset);
    }

    /** The first record with a timestamp at or after {@code epochMillis}; the end of the log where there is none. */
    static StartingOffsets timestamp(long epochMillis) {
        return new Timestamp(epochMillis);
    }

    /** Given offsets, keyed {@code "<topic>-<partition>"}; other partitions start at the earliest offset. */
    static StartingOffsets specific(Map<String, Long> offsets) {
        return new Specific(Map.copyOf(offsets));
    }

    /** Where a partition without a committed offset starts. */
    enum ResetStrategy { EARLIEST, LATEST }

    record Earliest() implements StartingOffsets {
    }

    record Latest() implements StartingOffsets {
    }

    record Committed(ResetStrategy reset) implements StartingOffsets {
    }

    record Timestamp(long epochMillis) implements StartingOffsets {
    }

    record Specific(Map<String, Long> offsets) implements StartingOffsets {
    }
}
