package io.sluice.config;

import java.time.Duration;

/**
 * Options of the restart strategy: whether and when a job restarts after a task failure. Keys and
 * defaults are Flink's where Flink has the same option; docs/fault-tolerance.md explains the strategies.
 */
public final class RestartStrategyOptions {

    private RestartStrategyOptions() {}

    /** The restart strategies that can be configured. */
    public enum RestartStrategyType {
        /** Never restart: the first task failure fails the job. */
        NONE,
        /** Restart up to a number of times, with a fixed pause before each restart. */
        FIXED_DELAY,
        /** Restart unless too many failures fall within a sliding interval. */
        FAILURE_RATE,
        /** Restart with a pause that grows after each failure and shrinks back after a quiet period. */
        EXPONENTIAL_DELAY
    }

    // No default value: the default depends on whether the job checkpoints (RestartStrategies decides).
    public static final ConfigOption<RestartStrategyType> TYPE = ConfigOptions.key("restart-strategy.type")
            .enumType(RestartStrategyType.class)
            .noDefaultValue()
            .withDocumentedDefault("exponential-delay if the job checkpoints, else fixed-delay")
            .withDescription("What happens when a task fails. none: the job fails at once. fixed-delay: restart "
                    + "after restart-strategy.fixed-delay.delay, at most restart-strategy.fixed-delay.attempts "
                    + "times in a row. failure-rate: restart after restart-strategy.failure-rate.delay unless "
                    + "more than restart-strategy.failure-rate.max-failures-per-interval failures fall within "
                    + "restart-strategy.failure-rate.failure-rate-interval. exponential-delay: restart after a "
                    + "pause that grows with each failure (restart-strategy.exponential-delay.*). Unset, the "
                    + "type is exponential-delay when checkpointing is enabled (execution.checkpointing.interval "
                    + "set and not 0, in the cluster or the job configuration) and fixed-delay otherwise.");

    // ---- fixed-delay ----

    public static final ConfigOption<Integer> FIXED_DELAY_ATTEMPTS =
            ConfigOptions.key("restart-strategy.fixed-delay.attempts")
                    .intType()
                    .defaultValue(3)
                    .withValidator(OptionValidator.atLeast(0))
                    .withDescription("Number of restarts in a row (fixed-delay) before the job is declared "
                            + "failed; the count starts over once the job has run "
                            + "restart-strategy.fixed-delay.reset-attempts-threshold without failure.");

    public static final ConfigOption<Duration> FIXED_DELAY_DELAY =
            ConfigOptions.key("restart-strategy.fixed-delay.delay")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(1))
                    .withDescription("Pause before each restart (fixed-delay), which gives external systems such "
                            + "as databases or brokers time to recover.");

    // Not a Flink key: Flink's fixed-delay counts over the job's whole life, which fails a job that
    // fails once a day on its fourth day.
    public static final ConfigOption<Duration> FIXED_DELAY_RESET_ATTEMPTS_THRESHOLD =
            ConfigOptions.key("restart-strategy.fixed-delay.reset-attempts-threshold")
                    .durationType()
                    .defaultValue(Duration.ofHours(1))
                    .withDescription("The attempt count of fixed-delay starts over when the job fails after "
                            + "having run this long without a failure (measured from the end of the previous "
                            + "restart's delay). So the attempts limit restarts in a row, and a job that fails now "
                            + "and then, e.g. once a day, is never failed for it. 0 never starts over: the "
                            + "attempts then count over the job's whole life, as in Flink.");

    // ---- failure-rate ----

    public static final ConfigOption<Integer> FAILURE_RATE_MAX_FAILURES_PER_INTERVAL =
            ConfigOptions.key("restart-strategy.failure-rate.max-failures-per-interval")
                    .intType()
                    .defaultValue(1)
                    .withValidator(OptionValidator.atLeast(1))
                    .withDescription("Most failures (failure-rate) allowed within "
                            + "restart-strategy.failure-rate.failure-rate-interval; one more fails the job.");

    public static final ConfigOption<Duration> FAILURE_RATE_INTERVAL =
            ConfigOptions.key("restart-strategy.failure-rate.failure-rate-interval")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(1))
                    .withValidator(OptionValidator.positiveDuration())
                    .withDescription("Length of the sliding interval (failure-rate): failures less than this "
                            + "far apart count together.");

    public static final ConfigOption<Duration> FAILURE_RATE_DELAY =
            ConfigOptions.key("restart-strategy.failure-rate.delay")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(1))
                    .withDescription("Pause before each restart (failure-rate).");

    // ---- exponential-delay ----

    public static final ConfigOption<Duration> EXPONENTIAL_DELAY_INITIAL_BACKOFF =
            ConfigOptions.key("restart-strategy.exponential-delay.initial-backoff")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(1))
                    .withValidator(OptionValidator.positiveDuration())
                    .withDescription("Pause before the first restart (exponential-delay), and again after a "
                            + "reset. At most restart-strategy.exponential-delay.max-backoff.");

    public static final ConfigOption<Duration> EXPONENTIAL_DELAY_MAX_BACKOFF =
            ConfigOptions.key("restart-strategy.exponential-delay.max-backoff")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(1))
                    .withValidator(OptionValidator.positiveDuration())
                    .withDescription("Longest pause between restarts (exponential-delay) before jitter is "
                            + "applied; the backoff stops growing here.");

    public static final ConfigOption<Double> EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER =
            ConfigOptions.key("restart-strategy.exponential-delay.backoff-multiplier")
                    .doubleType()
                    .defaultValue(1.5)
                    .withValidator(OptionValidator.greaterThan(1))
                    .withDescription("Factor by which the pause grows after each failure (exponential-delay).");

    public static final ConfigOption<Duration> EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD =
            ConfigOptions.key("restart-strategy.exponential-delay.reset-backoff-threshold")
                    .durationType()
                    .defaultValue(Duration.ofHours(1))
                    .withValidator(OptionValidator.positiveDuration())
                    .withDescription("When the job fails after having run this long without a failure (measured "
                            + "from the end of the previous restart's delay), the pause goes back to "
                            + "restart-strategy.exponential-delay.initial-backoff and the attempt count starts over "
                            + "(exponential-delay).");

    public static final ConfigOption<Double> EXPONENTIAL_DELAY_JITTER_FACTOR =
            ConfigOptions.key("restart-strategy.exponential-delay.jitter-factor")
                    .doubleType()
                    .defaultValue(0.1)
                    .withValidator(OptionValidator.within(0, 1))
                    .withDescription("Random spread of each pause as a fraction of it (exponential-delay): a pause "
                            + "of 10 s with 0.1 lasts between 9 s and 11 s, so that many jobs hit by one outage do "
                            + "not all restart at the same moment. 0 turns jitter off.");

    public static final ConfigOption<Integer> EXPONENTIAL_DELAY_ATTEMPTS_BEFORE_RESET_BACKOFF =
            ConfigOptions.key("restart-strategy.exponential-delay.attempts-before-reset-backoff")
                    .intType()
                    .defaultValue(Integer.MAX_VALUE)
                    .withValidator(OptionValidator.atLeast(1))
                    .withDocumentedDefault("2147483647 (unlimited)")
                    .withDescription("Most restarts (exponential-delay) before the job is declared failed, counted "
                            + "since the last reset of the backoff (see "
                            + "restart-strategy.exponential-delay.reset-backoff-threshold).");

    /**
     * Checks the rules that span options: the exponential backoff cannot start above its own cap.
     *
     * @throws IllegalConfigurationException naming both keys and their values
     */
    public static void validate(Configuration config) {
        Duration initial = config.get(EXPONENTIAL_DELAY_INITIAL_BACKOFF);
        Duration max = config.get(EXPONENTIAL_DELAY_MAX_BACKOFF);
        if (initial.compareTo(max) > 0) {
            throw new IllegalConfigurationException("Invalid restart strategy settings: '"
                    + EXPONENTIAL_DELAY_INITIAL_BACKOFF.key() + "' (" + DurationFormat.format(initial)
                    + ") must not be larger than '" + EXPONENTIAL_DELAY_MAX_BACKOFF.key() + "' ("
                    + DurationFormat.format(max) + "); lower the first or raise the second");
        }
    }
}
