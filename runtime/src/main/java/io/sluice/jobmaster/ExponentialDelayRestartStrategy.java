package io.sluice.jobmaster;

import io.sluice.config.DurationFormat;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * Restarts after a pause that starts at the initial backoff and is multiplied after each further failure,
 * up to the max backoff. Each pause is spread randomly by the jitter factor (a backoff b waits between
 * b*(1-j) and b*(1+j)), so that jobs hit by the same outage do not all restart at once. When a failure
 * comes after the job ran at least the reset threshold without failing (from the end of the previous
 * restart's delay), the backoff and the attempt count start over. The job fails when more than
 * {@code attemptsBeforeReset} restarts would be needed without such a reset.
 */
public final class ExponentialDelayRestartStrategy implements RestartStrategy {

    /** The configured behaviour; checked here because a bad value is a caller's bug (options validate first). */
    public record Settings(Duration initialBackoff, Duration maxBackoff, double multiplier, Duration resetThreshold,
            double jitterFactor, int attemptsBeforeReset) {

        public Settings {
            if (initialBackoff.isZero() || initialBackoff.isNegative() || initialBackoff.compareTo(maxBackoff) > 0
                    || !(multiplier > 1) || resetThreshold.isZero() || resetThreshold.isNegative()
                    || !(jitterFactor >= 0 && jitterFactor <= 1) || attemptsBeforeReset < 1) {
                throw new IllegalArgumentException("invalid exponential-delay settings: " + this);
            }
        }
    }

    private final Settings settings;
    private final LongSupplier clockMillis;
    private final RandomGenerator random;

    /** Backoff before jitter of the last restart, in ms; 0 before the first failure and after a reset. */
    private double backoffMillis;
    private int attempts;
    private long restartedAtMillis;
    private Duration delay = Duration.ZERO;

    /**
     * @param clockMillis a monotonic clock in milliseconds, e.g. {@link RestartStrategies#systemClock()}
     * @param random source of the jitter
     */
    public ExponentialDelayRestartStrategy(Settings settings, LongSupplier clockMillis, RandomGenerator random) {
        this.settings = settings;
        this.clockMillis = clockMillis;
        this.random = random;
    }

    @Override
    public boolean onFailure() {
        long now = clockMillis.getAsLong();
        if (attempts > 0 && now - restartedAtMillis >= settings.resetThreshold().toMillis()) {
            attempts = 0;
            backoffMillis = 0;
        }
        attempts++;
        if (attempts > settings.attemptsBeforeReset()) {
            return false;
        }
        // grow the backoff without jitter, so the spread of one pause does not carry into the next
        backoffMillis = backoffMillis == 0
                ? settings.initialBackoff().toMillis()
                : Math.min(backoffMillis * settings.multiplier(), settings.maxBackoff().toMillis());
        delay = Duration.ofMillis(Math.round(withJitter(backoffMillis)));
        restartedAtMillis = now + delay.toMillis();
        return true;
    }

    private double withJitter(double backoff) {
        if (settings.jitterFactor() == 0) {
            return backoff;
        }
        double spread = settings.jitterFactor() * backoff;
        return backoff + random.nextDouble(-spread, spread);
    }

    @Override
    public Duration restartDelay() {
        return delay;
    }

    @Override
    public String describe() {
        String attemptsLimit = settings.attemptsBeforeReset() == Integer.MAX_VALUE ? ""
                : ", at most " + settings.attemptsBeforeReset() + " attempts before a reset";
        return "exponential-delay (" + DurationFormat.format(settings.initialBackoff()) + " initial, x"
                + plain(settings.multiplier()) + ", max " + DurationFormat.format(settings.maxBackoff())
                + ", jitter " + plain(settings.jitterFactor()) + ", reset after "
                + DurationFormat.format(settings.resetThreshold()) + " quiet" + attemptsLimit + ")";
    }

    private static String plain(double number) {
        return BigDecimal.valueOf(number).stripTrailingZeros().toPlainString();
    }
}
