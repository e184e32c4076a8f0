package io.sluice.api.connector.source;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Keeps a source at a fixed number of records per second. It never blocks for long: when no record
 * may go yet it parks for at most {@link #MAX_WAIT_NANOS} and reports zero permits, so the task loop
 * gets to check for cancellation in between. For sources, including user-written ones: call
 * {@link #acquire} with the batch size in {@code emitNext()} and emit as many records as it grants.
 */
public final class RateThrottle {

    static final long MAX_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final long recordsPerSecond;
    private final double nanosPerRecord;
    private long startNanos;
    private boolean started;
    private long granted;

    public RateThrottle(long recordsPerSecond) {
        if (recordsPerSecond <= 0) {
            throw new IllegalArgumentException("records per second must be positive, was " + recordsPerSecond);
        }
        this.recordsPerSecond = recordsPerSecond;
        this.nanosPerRecord = 1e9 / recordsPerSecond;
    }

    /** Returns how many of {@code wanted} records may be emitted now; 0 after a short wait if none. */
    public long acquire(long wanted) {
        long now = System.nanoTime();
        if (!started) {
            startNanos = now;
            started = true;
        }
        long allowed = (long) ((now - startNanos) / nanosPerRecord) + 1;
        // after a stall (GC, slow downstream) catch up by at most one second's worth of records
        if (allowed - granted > recordsPerSecond) {
            granted = allowed - recordsPerSecond;
        }
        long available = allowed - granted;
        if (available > 0) {
            long n = Math.min(wanted, available);
            granted += n;
            return n;
        }
        long dueNanos = startNanos + (long) (granted * nanosPerRecord);
        LockSupport.parkNanos(Math.max(1, Math.min(dueNanos - now, MAX_WAIT_NANOS)));
        return 0;
    }
}
