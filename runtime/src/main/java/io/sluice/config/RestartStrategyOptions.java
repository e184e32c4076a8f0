package io.sluice.config;

import java.time.Duration;

/** Options of the restart strategy: whether and when a job restarts after a task failure. */
public final class RestartStrategyOptions {

    private RestartStrategyOptions() {}

    /** The restart strategies that can be configured. */
    public enum RestartStrategyType {
        /** Never restart: the first task failure fails the job. */
        NONE,
        /** Restart a fixed number of times, with a fixed pause before each restart. */
        FIXED_DELAY
    }

    public static final ConfigOption<RestartStrategyType> TYPE = ConfigOptions.key("restart-strategy.type")
            .enumType(RestartStrategyType.class)
            .defaultValue(RestartStrategyType.FIXED_DELAY)
            .withDescription("What happens when a task fails. none: the job fails at once. fixed-delay: the "
                    + "affected tasks restart from the latest checkpoint, at most "
                    + "restart-strategy.fixed-delay.attempts times, each after restart-strategy.fixed-delay.delay.");

    public static final ConfigOption<Integer> FIXED_DELAY_ATTEMPTS =
            ConfigOptions.key("restart-strategy.fixed-delay.attempts")
                    .intType()
                    .defaultValue(3)
                    .withValidator(OptionValidator.atLeast(0))
                    .withDescription("Number of restarts (fixed-delay) before the job is declared failed.");

    public static final ConfigOption<Duration> FIXED_DELAY_DELAY =
            ConfigOptions.key("restart-strategy.fixed-delay.delay")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(1))
                    .withDescription("Pause before each restart (fixed-delay), which gives external systems such "
                            + "as databases or brokers time to recover.");
}
