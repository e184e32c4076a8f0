package io.sluice.jobmaster;

import io.sluice.config.Configuration;
import io.sluice.config.DurationFormat;
import io.sluice.config.IllegalConfigurationException;
import io.sluice.config.RestartStrategyOptions;
import io.sluice.config.RestartStrategyOptions.RestartStrategyType;
import java.util.Map;
import java.util.Random;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/** Builds the restart strategy of a job: the job's own settings over the cluster's. */
public final class RestartStrategies {

    /**
     * Read as a raw key: the checkpointing options get their own class elsewhere; this only needs to know
     * whether checkpointing is on. Not set or 0 means off.
     */
    static final String CHECKPOINTING_INTERVAL_KEY = "execution.checkpointing.interval";

    private RestartStrategies() {}

    public static RestartStrategy create(Configuration cluster, Map<String, String> jobSettings) {
        return create(cluster, jobSettings, systemClock(), new Random());
    }

    /**
     * As {@link #create(Configuration, Map)} with the clock and the jitter source given, for tests.
     *
     * @throws IllegalConfigurationException naming the key, the value and what is allowed
     */
    static RestartStrategy create(Configuration cluster, Map<String, String> jobSettings, LongSupplier clockMillis,
            RandomGenerator random) {
        Configuration effective = cluster.copy();
        jobSettings.forEach(effective::setString);
        RestartStrategyOptions.validate(effective);
        return switch (effectiveType(effective)) {
            case NONE -> new NoRestartStrategy();
            case FIXED_DELAY -> new FixedDelayRestartStrategy(
                    effective.get(RestartStrategyOptions.FIXED_DELAY_ATTEMPTS),
                    effective.get(RestartStrategyOptions.FIXED_DELAY_DELAY),
                    effective.get(RestartStrategyOptions.FIXED_DELAY_RESET_ATTEMPTS_THRESHOLD),
                    clockMillis);
            case FAILURE_RATE -> new FailureRateRestartStrategy(
                    effective.get(RestartStrategyOptions.FAILURE_RATE_MAX_FAILURES_PER_INTERVAL),
                    effective.get(RestartStrategyOptions.FAILURE_RATE_INTERVAL),
                    effective.get(RestartStrategyOptions.FAILURE_RATE_DELAY),
                    clockMillis);
            case EXPONENTIAL_DELAY -> new ExponentialDelayRestartStrategy(
                    new ExponentialDelayRestartStrategy.Settings(
                            effective.get(RestartStrategyOptions.EXPONENTIAL_DELAY_INITIAL_BACKOFF),
                            effective.get(RestartStrategyOptions.EXPONENTIAL_DELAY_MAX_BACKOFF),
                            effective.get(RestartStrategyOptions.EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER),
                            effective.get(RestartStrategyOptions.EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD),
                            effective.get(RestartStrategyOptions.EXPONENTIAL_DELAY_JITTER_FACTOR),
                            effective.get(RestartStrategyOptions.EXPONENTIAL_DELAY_ATTEMPTS_BEFORE_RESET_BACKOFF)),
                    clockMillis, random);
        };
    }

    /** The configured type, else exponential-delay for a checkpointing job and fixed-delay otherwise (as Flink). */
    private static RestartStrategyType effectiveType(Configuration effective) {
        return effective.getOptional(RestartStrategyOptions.TYPE).orElseGet(() -> checkpointingEnabled(effective)
                ? RestartStrategyType.EXPONENTIAL_DELAY
                : RestartStrategyType.FIXED_DELAY);
    }

    private static boolean checkpointingEnabled(Configuration effective) {
        String raw = effective.getString(CHECKPOINTING_INTERVAL_KEY);
        if (raw == null) {
            return false;
        }
        try {
            return !DurationFormat.parse(raw).isZero();
        } catch (IllegalArgumentException e) {
            // worded like the option framework's own errors
            throw new IllegalConfigurationException("Invalid value '" + raw + "' for '" + CHECKPOINTING_INTERVAL_KEY
                    + "': expected a duration (e.g. '10 s'; " + DurationFormat.UNIT_HELP
                    + "); 0 or unset turns checkpointing off", e);
        }
    }

    /**
     * Milliseconds from {@link System#nanoTime()}: monotonic, so a wall-clock jump (NTP, a changed time zone
     * setting) neither resets nor stretches a strategy's windows.
     */
    public static LongSupplier systemClock() {
        return () -> System.nanoTime() / 1_000_000;
    }
}
