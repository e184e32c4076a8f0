package io.sluice.jobmaster;

import java.time.Duration;

/** The first failure fails the job. */
public final class NoRestartStrategy implements RestartStrategy {

    @Override
    public boolean onFailure() {
        return false;
    }

    @Override
    public Duration restartDelay() {
        return Duration.ZERO;
    }

    @Override
    public String describe() {
        return "none";
    }
}
