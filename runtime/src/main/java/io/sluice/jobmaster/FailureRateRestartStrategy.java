package io.sluice.jobmaster;

import io.sluice.config.DurationFormat;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.function.LongSupplier;

/**
 * Restarts after a fixed delay unless more than {@code maxFailures} failures fall within a sliding
 * interval: failures less than {@code interval} apart count together, older ones are forgotten.
 */
public final class FailureRateRestartStrategy implements RestartStrategy {

    private final int maxFailures;
    private final Duration interval;
    private final Duration delay;
    private final LongSupplier clockMillis;

    /** Times of the failures still within the interval, oldest first; never more than maxFailures + 1. */
    private final ArrayDeque<Long> recentFailures = new ArrayDeque<>();

    /**
     * @param clockMillis a monotonic clock in milliseconds, e.g. {@link RestartStrategies#systemClock()}
     */
    public FailureRateRestartStrategy(int maxFailures, Duration interval, Duration delay, LongSupplier clockMillis) {
        if (maxFailures < 1 || interval.isZero() || interval.isNegative() || delay.isNegative()) {
            throw new IllegalArgumentException("failure-rate needs max failures >= 1, an interval > 0 and a "
                    + "non-negative delay, got " + maxFailures + ", " + interval + ", " + delay);
        }
        this.maxFailures = maxFailures;
        this.interval = interval;
        this.delay = delay;
        this.clockMillis = clockMillis;
    }

    @Override
    public boolean onFailure() {
        long now = clockMillis.getAsLong();
        while (!recentFailures.isEmpty() && now - recentFailures.peekFirst() >= interval.toMillis()) {
            recentFailures.pollFirst();
        }
        recentFailures.addLast(now);
        return recentFailures.size() <= maxFailures;
    }

    @Override
    public Duration restartDelay() {
        return delay;
    }

    @Override
    public String describe() {
        return "failure-rate (at most " + maxFailures + (maxFailures == 1 ? " failure" : " failures") + " per "
                + DurationFormat.format(interval) + ", " + DurationFormat.format(delay) + " apart)";
    }
}
