package io.sluice.jobmaster;

import java.time.Duration;

/** Restarts up to a fixed number of times, waiting a fixed delay before each restart. */
public final class FixedDelayRestartStrategy implements RestartStrategy {

    private final int maxAttempts;
    private final Duration delay;
    private int failures;

    public FixedDelayRestartStrategy(int maxAttempts, Duration delay) {
        this.maxAttempts = maxAttempts;
        this.delay = delay;
    }

    @Override
    public boolean onFailure() {
        failures++;
        return failures <= maxAttempts;
    }

    @Override
    public Duration restartDelay() {
        return delay;
    }

    @Override
    public String describe() {
        return "fixed-delay (" + maxAttempts + " attempts, " + delay.toMillis() + " ms apart)";
    }
}
