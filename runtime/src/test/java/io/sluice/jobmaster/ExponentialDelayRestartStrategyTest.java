package io.sluice.jobmaster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExponentialDelayRestartStrategyTest {

    private static final ExponentialDelayRestartStrategy.Settings DEFAULTS = new ExponentialDelayRestartStrategy.Settings(
            Duration.ofSeconds(1), Duration.ofMinutes(1), 1.5, Duration.ofHours(1), 0.1, Integer.MAX_VALUE);

    private final ManualClock clock = new ManualClock();
    private final Random random = new Random(42);

    private ExponentialDelayRestartStrategy strategy(Duration initial, Duration max, double multiplier,
            double jitter, int attempts) {
        return new ExponentialDelayRestartStrategy(new ExponentialDelayRestartStrategy.Settings(
                initial, max, multiplier, Duration.ofHours(1), jitter, attempts), clock, random);
    }

    /** Fails, checks the restart is allowed, and lets the clock run through the delay plus {@code running}. */
    private static long failAndRestart(ExponentialDelayRestartStrategy strategy, ManualClock clock, Duration running) {
        assertTrue(strategy.onFailure());
        long delay = strategy.restartDelay().toMillis();
        clock.advance(strategy.restartDelay()).advance(running);
        return delay;
    }

    @Test
    void theBackoffGrowsByTheMultiplierUpToTheMax() {
        ExponentialDelayRestartStrategy strategy =
                strategy(Duration.ofSeconds(1), Duration.ofSeconds(10), 2, 0, Integer.MAX_VALUE);
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            delays.add(failAndRestart(strategy, clock, Duration.ofMinutes(5)));
        }
        assertEquals(List.of(1000L, 2000L, 4000L, 8000L, 10_000L, 10_000L, 10_000L), delays);
    }

    @Test
    void flinksDefaultMultiplierOfOneAndAHalf() {
        ExponentialDelayRestartStrategy strategy =
                strategy(Duration.ofSeconds(1), Duration.ofMinutes(1), 1.5, 0, Integer.MAX_VALUE);
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 13; i++) {
            delays.add(failAndRestart(strategy, clock, Duration.ZERO));
        }
        // 1000 * 1.5^n, rounded, until 60 s caps it (1.5^10 * 1000 = 57665, 1.5^11 * 1000 = 86498)
        assertEquals(List.of(1000L, 1500L, 2250L, 3375L, 5063L, 7594L, 11391L, 17086L, 25629L, 38443L, 57665L,
                60_000L, 60_000L), delays);
    }

    @Test
    void jitterStaysWithinTheFactorAndVaries() {
        double jitter = 0.1;
        Set<Long> firstDelays = new HashSet<>();
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int draw = 0; draw < 500; draw++) {
            ExponentialDelayRestartStrategy strategy =
                    strategy(Duration.ofSeconds(10), Duration.ofMinutes(1), 2, jitter, Integer.MAX_VALUE);
            double backoff = 10_000;
            for (int attempt = 0; attempt < 5; attempt++) {
                long delay = failAndRestart(strategy, clock, Duration.ZERO);
                assertTrue(delay >= Math.floor(backoff * (1 - jitter)) && delay <= Math.ceil(backoff * (1 + jitter)),
                        "delay " + delay + " ms for a backoff of " + backoff + " ms");
                if (attempt == 0) {
                    firstDelays.add(delay);
                    min = Math.min(min, delay);
                    max = Math.max(max, delay);
                }
                backoff = Math.min(backoff * 2, 60_000); // jitter must not compound into the next backoff
            }
        }
        assertTrue(firstDelays.size() > 100, "jitter should vary, got " + firstDelays.size() + " distinct delays");
        assertTrue(min < 9_500 && max > 10_500, "jitter should use its whole range, got " + min + ".." + max);
    }

    @Test
    void theDelayReadIsTheDelayDecided() {
        ExponentialDelayRestartStrategy strategy = new ExponentialDelayRestartStrategy(DEFAULTS, clock, random);
        assertTrue(strategy.onFailure());
        Duration first = strategy.restartDelay();
        for (int i = 0; i < 10; i++) {
            assertEquals(first, strategy.restartDelay(), "the logged delay must be the one waited");
        }
    }

    @Test
    void theBackoffResetsAfterRunningTheThresholdWithoutFailure() {
        ExponentialDelayRestartStrategy strategy =
                strategy(Duration.ofSeconds(1), Duration.ofMinutes(1), 2, 0, Integer.MAX_VALUE);
        // each call fails, then runs the given time after its restart before the next call fails
        assertEquals(1000, failAndRestart(strategy, clock, Duration.ofMinutes(59)));
        assertEquals(2000, failAndRestart(strategy, clock, Duration.ofMinutes(59)));
        assertEquals(4000, failAndRestart(strategy, clock, Duration.ofMinutes(59).plusSeconds(59)));
        assertEquals(8000, failAndRestart(strategy, clock, Duration.ofHours(1)), "59 min 59 s is not quiet enough");
        assertEquals(1000, failAndRestart(strategy, clock, Duration.ZERO), "1 h quiet resets to the initial backoff");
        assertEquals(2000, failAndRestart(strategy, clock, Duration.ZERO));
    }

    @Test
    void theAttemptsBeforeResetLimitRestartsWithoutAQuietPeriod() {
        ExponentialDelayRestartStrategy strategy = strategy(Duration.ofSeconds(1), Duration.ofMinutes(1), 2, 0, 3);
        failAndRestart(strategy, clock, Duration.ofMinutes(30));
        failAndRestart(strategy, clock, Duration.ofMinutes(30));
        failAndRestart(strategy, clock, Duration.ofHours(1));
        // the quiet hour started the count over
        failAndRestart(strategy, clock, Duration.ZERO);
        failAndRestart(strategy, clock, Duration.ZERO);
        failAndRestart(strategy, clock, Duration.ZERO);
        assertFalse(strategy.onFailure(), "the 4th restart without an hour's quiet fails the job");
    }

    @Test
    void describesItsSettings() {
        assertEquals("exponential-delay (1 s initial, x1.5, max 1 min, jitter 0.1, reset after 1 h quiet)",
                new ExponentialDelayRestartStrategy(DEFAULTS, clock, random).describe());
        assertEquals("exponential-delay (500 ms initial, x2, max 5 min, jitter 0, reset after 1 h quiet, "
                + "at most 10 attempts before a reset)",
                strategy(Duration.ofMillis(500), Duration.ofMinutes(5), 2.0, 0, 10).describe());
    }

    @Test
    void rejectsSettingsThatCannotWork() {
        assertThrows(IllegalArgumentException.class, () -> new ExponentialDelayRestartStrategy.Settings(
                Duration.ofSeconds(1), Duration.ofMinutes(1), 1.0, Duration.ofHours(1), 0.1, 1));
        assertThrows(IllegalArgumentException.class, () -> new ExponentialDelayRestartStrategy.Settings(
                Duration.ofMinutes(2), Duration.ofMinutes(1), 1.5, Duration.ofHours(1), 0.1, 1));
        assertThrows(IllegalArgumentException.class, () -> new ExponentialDelayRestartStrategy.Settings(
                Duration.ofSeconds(1), Duration.ofMinutes(1), 1.5, Duration.ofHours(1), 1.1, 1));
    }
}
