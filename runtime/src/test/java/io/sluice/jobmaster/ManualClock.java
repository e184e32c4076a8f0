package io.sluice.jobmaster;

import java.time.Duration;
import java.util.function.LongSupplier;

/** A clock in milliseconds that moves only when a test says so. */
final class ManualClock implements LongSupplier {

    private long nowMillis = 1_000_000; // not 0, so no code can mistake "never" for "now"

    @Override
    public long getAsLong() {
        return nowMillis;
    }

    ManualClock advance(Duration duration) {
        nowMillis += duration.toMillis();
        return this;
    }
}
