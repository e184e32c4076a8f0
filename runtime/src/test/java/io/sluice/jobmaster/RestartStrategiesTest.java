package io.sluice.jobmaster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.config.Configuration;
import io.sluice.config.IllegalConfigurationException;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Which strategy a job gets, from the cluster configuration with the job's settings over it. */
class RestartStrategiesTest {

    private final ManualClock clock = new ManualClock();

    private RestartStrategy create(Configuration cluster, Map<String, String> job) {
        return RestartStrategies.create(cluster, job, clock, new Random(7));
    }

    private static Configuration cluster(String... keysAndValues) {
        Configuration config = new Configuration();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            config.setString(keysAndValues[i], keysAndValues[i + 1]);
        }
        return config;
    }

    private String errorOf(Configuration cluster, Map<String, String> job) {
        return assertThrows(IllegalConfigurationException.class, () -> create(cluster, job)).getMessage();
    }

    @Test
    void withoutCheckpointingTheDefaultIsFixedDelay() {
        RestartStrategy strategy = create(new Configuration(), Map.of());
        assertInstanceOf(FixedDelayRestartStrategy.class, strategy);
        assertEquals("fixed-delay (3 attempts, 1 s apart, counted anew after 1 h without failure)", strategy.describe());
    }

    @Test
    void aZeroCheckpointIntervalIsNoCheckpointing() {
        assertInstanceOf(FixedDelayRestartStrategy.class,
                create(cluster("execution.checkpointing.interval", "0"), Map.of()));
        assertInstanceOf(FixedDelayRestartStrategy.class,
                create(new Configuration(), Map.of("execution.checkpointing.interval", "0 s")));
    }

    @Test
    void withCheckpointingTheDefaultIsExponentialDelay() {
        RestartStrategy strategy = create(cluster("execution.checkpointing.interval", "10 s"), Map.of());
        assertInstanceOf(ExponentialDelayRestartStrategy.class, strategy);
        assertEquals("exponential-delay (1 s initial, x1.5, max 1 min, jitter 0.1, reset after 1 h quiet)",
                strategy.describe());
    }

    @Test
    void checkpointingEnabledByTheJobAloneChangesTheDefault() {
        assertInstanceOf(ExponentialDelayRestartStrategy.class,
                create(new Configuration(), Map.of("execution.checkpointing.interval", "1 min")));
    }

    @Test
    void checkpointingDisabledByTheJobKeepsFixedDelay() {
        assertInstanceOf(FixedDelayRestartStrategy.class,
                create(cluster("execution.checkpointing.interval", "1 min"),
                        Map.of("execution.checkpointing.interval", "0")));
    }

    @Test
    void anExplicitTypeWinsOverTheCheckpointingDefault() {
        assertInstanceOf(FixedDelayRestartStrategy.class, create(
                cluster("execution.checkpointing.interval", "10 s", "restart-strategy.type", "fixed-delay"), Map.of()));
        assertInstanceOf(NoRestartStrategy.class, create(
                cluster("execution.checkpointing.interval", "10 s"), Map.of("restart-strategy.type", "none")));
    }

    @Test
    void jobSettingsOverClusterSettings() {
        Configuration cluster = cluster("restart-strategy.type", "none",
                "restart-strategy.failure-rate.max-failures-per-interval", "5",
                "restart-strategy.failure-rate.delay", "3 s");
        RestartStrategy strategy = create(cluster, Map.of("restart-strategy.type", "failure-rate",
                "restart-strategy.failure-rate.max-failures-per-interval", "2"));
        assertEquals("failure-rate (at most 2 failures per 1 min, 3 s apart)", strategy.describe());
        assertTrue(strategy.onFailure());
        assertTrue(strategy.onFailure());
        assertFalse(strategy.onFailure(), "the job's limit of 2, not the cluster's 5");
        assertEquals(Duration.ofSeconds(3), strategy.restartDelay());
        assertEquals("none", cluster.getString("restart-strategy.type"), "the cluster configuration is not changed");
    }

    @Test
    void everyTypeIsBuiltFromItsOptions() {
        RestartStrategy fixed = create(new Configuration(), Map.of("restart-strategy.type", "fixed-delay",
                "restart-strategy.fixed-delay.attempts", "1",
                "restart-strategy.fixed-delay.delay", "250 ms",
                "restart-strategy.fixed-delay.reset-attempts-threshold", "0"));
        assertEquals("fixed-delay (1 attempt, 250 ms apart, counted over the job's life)", fixed.describe());

        RestartStrategy exponential = create(new Configuration(), Map.of("restart-strategy.type", "exponential-delay",
                "restart-strategy.exponential-delay.initial-backoff", "2 s",
                "restart-strategy.exponential-delay.max-backoff", "5 min",
                "restart-strategy.exponential-delay.backoff-multiplier", "2",
                "restart-strategy.exponential-delay.reset-backoff-threshold", "30 min",
                "restart-strategy.exponential-delay.jitter-factor", "0",
                "restart-strategy.exponential-delay.attempts-before-reset-backoff", "4"));
        assertEquals("exponential-delay (2 s initial, x2, max 5 min, jitter 0, reset after 30 min quiet, "
                + "at most 4 attempts before a reset)", exponential.describe());
        assertTrue(exponential.onFailure());
        assertEquals(Duration.ofSeconds(2), exponential.restartDelay());

        assertEquals("failure-rate (at most 1 failure per 1 min, 1 s apart)",
                create(new Configuration(), Map.of("restart-strategy.type", "FAILURE_RATE")).describe());
        assertInstanceOf(NoRestartStrategy.class, create(new Configuration(), Map.of("restart-strategy.type", "None")));
    }

    @Test
    void theStrategyUsesTheGivenClock() {
        RestartStrategy strategy = create(new Configuration(), Map.of("restart-strategy.type", "failure-rate"));
        assertTrue(strategy.onFailure());
        clock.advance(Duration.ofMinutes(1));
        assertTrue(strategy.onFailure(), "a minute later on the manual clock");
        assertFalse(strategy.onFailure(), "at the same instant");
    }

    @Test
    void badValuesNameTheKeyTheValueAndWhatIsAllowed() {
        assertEquals("Invalid value 'sometimes' for 'restart-strategy.type': expected one of: none, fixed-delay, "
                + "failure-rate, exponential-delay", errorOf(new Configuration(), Map.of("restart-strategy.type", "sometimes")));
        // Flink's alias spellings are not accepted: enum values have one spelling (dashes or underscores)
        assertTrue(errorOf(new Configuration(), Map.of("restart-strategy.type", "fixeddelay"))
                .startsWith("Invalid value 'fixeddelay' for 'restart-strategy.type'"));
        Map<String, String> exponential = Map.of("restart-strategy.type", "exponential-delay");
        assertEquals("Invalid value '1' for 'restart-strategy.exponential-delay.backoff-multiplier': expected a "
                + "number > 1", errorOf(cluster("restart-strategy.exponential-delay.backoff-multiplier", "1"), exponential));
        assertEquals("Invalid value '1.5' for 'restart-strategy.exponential-delay.jitter-factor': expected a number "
                + "in 0..1", errorOf(cluster("restart-strategy.exponential-delay.jitter-factor", "1.5"), exponential));
        assertEquals("Invalid value '0' for 'restart-strategy.failure-rate.max-failures-per-interval': expected an "
                + "integer >= 1", errorOf(cluster("restart-strategy.type", "failure-rate"),
                        Map.of("restart-strategy.failure-rate.max-failures-per-interval", "0")));
        assertTrue(errorOf(new Configuration(), Map.of("restart-strategy.type", "failure-rate",
                "restart-strategy.failure-rate.failure-rate-interval", "0 s"))
                .startsWith("Invalid value '0 s' for 'restart-strategy.failure-rate.failure-rate-interval': "
                        + "expected a duration > 0"));
        assertEquals("Invalid restart strategy settings: 'restart-strategy.exponential-delay.initial-backoff' (2 min) "
                + "must not be larger than 'restart-strategy.exponential-delay.max-backoff' (1 min); lower the first "
                + "or raise the second", errorOf(new Configuration(), Map.of(
                        "restart-strategy.exponential-delay.initial-backoff", "2 min")));
        assertTrue(errorOf(new Configuration(), Map.of("execution.checkpointing.interval", "often"))
                .startsWith("Invalid value 'often' for 'execution.checkpointing.interval': expected a duration"));
    }
}
