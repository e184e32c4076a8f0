package io.sluice.api.eventtime;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Wraps a generator and marks the stream idle when no event arrived for {@code idleTimeout} of
 * processing time; the next event makes it active again.
 */
public final class WatermarksWithIdleness<T> implements WatermarkGenerator<T> {

    private final WatermarkGenerator<T> delegate;
    private final long idleTimeoutMillis;
    private final LongSupplier clock;

    private long events;
    private long eventsAtLastCheck;
    private long quietSince = -1;
    private boolean idle;

    public WatermarksWithIdleness(WatermarkGenerator<T> delegate, Duration idleTimeout, LongSupplier clock) {
        if (idleTimeout == null || idleTimeout.isZero() || idleTimeout.isNegative()) {
            throw new IllegalArgumentException("the idle timeout must be positive, was " + idleTimeout);
        }
        this.delegate = delegate;
        this.idleTimeoutMillis = idleTimeout.toMillis();
        this.clock = clock;
    }

    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
        events++;
        if (idle) {
            idle = false;
            output.markActive();
        }
        delegate.onEvent(event, eventTimestamp, output);
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        long now = clock.getAsLong();
        if (events != eventsAtLastCheck) {
            eventsAtLastCheck = events;
            quietSince = now;
        } else if (quietSince < 0) {
            quietSince = now;
        }
        if (!idle && now - quietSince >= idleTimeoutMillis) {
            idle = true;
            output.markIdle();
        }
        if (!idle) {
            delegate.onPeriodicEmit(output);
        }
    }
}
