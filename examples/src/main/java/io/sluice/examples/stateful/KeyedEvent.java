package io.sluice.examples.stateful;

import java.io.Serializable;

/**
 * Event number {@code seq} of key {@code key}, at event time {@code timestamp}: the n-th event of
 * the whole stream (n = seq * keys + key) has key {@code n % keys} and time {@code n * intervalMillis}.
 */
public record KeyedEvent(long key, long seq, long timestamp) implements Serializable {
}
