package io.sluice.network;

import java.time.Duration;

/** Delays between attempts to reach a producer partition: doubling from a start value, until a deadline. */
public final class RetryBackoff {

    private final Duration initial;
    private final Duration max;
    private final Duration timeout;
    private final long deadlineNanos;
    private long next;

    public RetryBackoff(Duration initial, Duration max, Duration timeout) {
        this.initial = initial;
        this.max = max;
        this.timeout = timeout;
        this.deadlineNanos = System.nanoTime() + timeout.toNanos();
        this.next = initial.toMillis();
    }

    /** The delay before the next attempt, or -1 when the deadline has passed. */
    public synchronized long nextDelayMillis() {
        if (System.nanoTime() >= deadlineNanos) {
            return -1;
        }
        long delay = next;
        next = Math.min(max.toMillis(), next * 2);
        return Math.max(1, delay);
    }

    public String deadlineDescription() {
        return timeout.toMillis() + " ms (taskmanager.network.partition-request-timeout)";
    }

    public RetryBackoff fresh() {
        return new RetryBackoff(initial, max, timeout);
    }
}
