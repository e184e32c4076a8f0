package io.sluice.network;

/**
 * A record as it travels between operators: the user's value plus its event timestamp, if it has one.
 *
 * <p>Mutable on purpose: a source or operator may reuse one instance for every record it emits
 * (via {@link #replace}), which keeps the per-record cost of a chain at a method call. A consumer
 * therefore must not keep a {@code StreamRecord} beyond the call that handed it over; it keeps the
 * value (or a {@link #copy()}).
 */
public final class StreamRecord<T> {

    private T value;
    private long timestamp;
    private boolean hasTimestamp;

    public StreamRecord(T value) {
        this.value = value;
    }

    public StreamRecord(T value, long timestamp) {
        this.value = value;
        this.timestamp = timestamp;
        this.hasTimestamp = true;
    }

    public T getValue() {
        return value;
    }

    /** The event timestamp in epoch milliseconds; meaningful only when {@link #hasTimestamp()}. */
    public long getTimestamp() {
        return timestamp;
    }

    public boolean hasTimestamp() {
        return hasTimestamp;
    }

    /** Sets a new value and keeps the timestamp: what a map-like operator emits. */
    @SuppressWarnings("unchecked")
    public <X> StreamRecord<X> replace(X newValue) {
        this.value = (T) newValue;
        return (StreamRecord<X>) this;
    }

    /** Sets a new value and timestamp. */
    @SuppressWarnings("unchecked")
    public <X> StreamRecord<X> replace(X newValue, long newTimestamp) {
        this.value = (T) newValue;
        this.timestamp = newTimestamp;
        this.hasTimestamp = true;
        return (StreamRecord<X>) this;
    }

    public void setTimestamp(long newTimestamp) {
        this.timestamp = newTimestamp;
        this.hasTimestamp = true;
    }

    public void eraseTimestamp() {
        this.hasTimestamp = false;
    }

    public StreamRecord<T> copy() {
        return hasTimestamp ? new StreamRecord<>(value, timestamp) : new StreamRecord<>(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StreamRecord<?> other && hasTimestamp == other.hasTimestamp
                && (!hasTimestamp || timestamp == other.timestamp) && java.util.Objects.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(value, hasTimestamp ? timestamp : Long.MIN_VALUE);
    }

    @Override
    public String toString() {
        return "Record(" + value + (hasTimestamp ? " @ " + timestamp : "") + ")";
    }
}
