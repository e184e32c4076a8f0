package io.sluice.jobmaster;

import io.sluice.config.DurationFormat;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Restarts up to a fixed number of times in a row, waiting a fixed delay before each restart. The count
 * starts over when a failure comes after the job ran at least {@code resetThreshold} without failing
 * (from the end of the previous restart's delay), so occasional failures over a long life never add up
 * to a failed job. A zero threshold never starts over: the attempts count over the job's whole life.
 */
public final class FixedDelayRestartStrategy implements RestartStrategy {

    private final int maxAttempts;
    private final Duration delay;
    private final Duration resetThreshold;
    private final LongSupplier clockMillis;

    private int attempts;
    /** When the last allowed restart was due (failure time plus delay); meaningful once attempts > 0. */
    private long restartedAtMillis;

    /**
     * @param clockMillis a monotonic clock in milliseconds, e.g. {@link RestartStrategies#systemClock()}
     */
    public FixedDelayRestartStrategy(int maxAttempts, Duration delay, Duration resetThreshold,
            LongSupplier clockMillis) {
        if (maxAttempts < 0 || delay.isNegative() || resetThreshold.isNegative()) {
            throw new IllegalArgumentException("fixed-delay needs attempts >= 0 and non-negative durations, got "
                    + maxAttempts + ", " + delay + ", " + resetThreshold);
        }
        this.maxAttempts = maxAttempts;
        this.delay = delay;
        this.resetThreshold = resetThreshold;
        this.clockMillis = clockMillis;
    }

    @Override
    public boolean onFailure() {
        long now = clockMillis.getAsLong();
        if (attempts > 0 && !resetThreshold.isZero() && now - restartedAtMillis >= resetThreshold.toMillis()) {
            attempts = 0;
        }
        attempts++;
        if (attempts > maxAttempts) {
            return false;
        }
        restartedAtMillis = now + delay.toMillis();
        return true;
    }

    @Override
    public Duration restartDelay() {
        return delay;
    }

    @Override
    public String describe() {
        String window = resetThreshold.isZero()
                ? "counted over the job's life"
                : "counted anew after " + DurationFormat.format(resetThreshold) + " without failure";
        return "fixed-delay (" + maxAttempts + (maxAttempts == 1 ? " attempt" : " attempts") + ", "
                + DurationFormat.format(delay) + " apart, " + window + ")";
    }
}
