package io.sluice.api.eventtime;

/** Extracts the event timestamp (epoch milliseconds) of a record. */
@FunctionalInterface
public interface TimestampAssigner<T> {

    /** Returned as {@code recordTimestamp} when the record had no timestamp. */
    long NO_TIMESTAMP = Long.MIN_VALUE;

    /**
     * @param recordTimestamp the timestamp the record already carries, or {@link #NO_TIMESTAMP}
     */
    long extractTimestamp(T element, long recordTimestamp);
}
