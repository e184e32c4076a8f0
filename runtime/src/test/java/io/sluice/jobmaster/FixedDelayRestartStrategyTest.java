package io.sluice.jobmaster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FixedDelayRestartStrategyTest {

    private final ManualClock clock = new ManualClock();

    private FixedDelayRestartStrategy strategy(int attempts, Duration delay, Duration resetThreshold) {
        return new FixedDelayRestartStrategy(attempts, delay, resetThreshold, clock);
    }

    @Test
    void restartsUpToTheAttemptsInARowThenFails() {
        FixedDelayRestartStrategy strategy = strategy(3, Duration.ofSeconds(1), Duration.ofHours(1));
        for (int i = 1; i <= 3; i++) {
            assertTrue(strategy.onFailure(), "failure " + i);
            assertEquals(Duration.ofSeconds(1), strategy.restartDelay());
            clock.advance(Duration.ofMinutes(1));
        }
        assertFalse(strategy.onFailure(), "the 4th failure within the hour fails the job");
    }

    @Test
    void aJobThatFailsOnceADayIsNeverFailedForIt() {
        FixedDelayRestartStrategy strategy = strategy(3, Duration.ofSeconds(1), Duration.ofHours(1));
        for (int day = 1; day <= 30; day++) {
            assertTrue(strategy.onFailure(), "day " + day);
            clock.advance(Duration.ofDays(1));
        }
    }

    @Test
    void theQuietPeriodIsMeasuredFromTheEndOfTheRestartDelay() {
        FixedDelayRestartStrategy strategy = strategy(2, Duration.ofMinutes(10), Duration.ofHours(1));
        assertTrue(strategy.onFailure()); // restart due 10 min later
        // 69 min after the failure but only 59 min of running: no reset, this is attempt 2
        clock.advance(Duration.ofMinutes(69));
        assertTrue(strategy.onFailure());
        clock.advance(Duration.ofMinutes(11));
        assertFalse(strategy.onFailure(), "attempt 3 of 2");
    }

    @Test
    void theCountStartsOverAfterRunningTheThresholdWithoutFailure() {
        FixedDelayRestartStrategy strategy = strategy(2, Duration.ofSeconds(1), Duration.ofHours(1));
        assertTrue(strategy.onFailure());
        assertTrue(strategy.onFailure());
        clock.advance(Duration.ofSeconds(1)).advance(Duration.ofHours(1)); // the delay, then exactly 1 h running
        assertTrue(strategy.onFailure(), "first attempt of a new count");
        assertTrue(strategy.onFailure());
        assertFalse(strategy.onFailure());
    }

    @Test
    void aZeroThresholdCountsOverTheWholeLife() {
        FixedDelayRestartStrategy strategy = strategy(2, Duration.ofSeconds(1), Duration.ZERO);
        assertTrue(strategy.onFailure());
        clock.advance(Duration.ofDays(100));
        assertTrue(strategy.onFailure());
        clock.advance(Duration.ofDays(100));
        assertFalse(strategy.onFailure());
    }

    @Test
    void zeroAttemptsFailAtOnce() {
        assertFalse(strategy(0, Duration.ofSeconds(1), Duration.ofHours(1)).onFailure());
    }

    @Test
    void describesItsSettings() {
        assertEquals("fixed-delay (3 attempts, 1 s apart, counted anew after 1 h without failure)",
                strategy(3, Duration.ofSeconds(1), Duration.ofHours(1)).describe());
        assertEquals("fixed-delay (1 attempt, 500 ms apart, counted over the job's life)",
                strategy(1, Duration.ofMillis(500), Duration.ZERO).describe());
    }

    @Test
    void rejectsNegativeSettings() {
        assertThrows(IllegalArgumentException.class, () -> strategy(-1, Duration.ZERO, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> strategy(1, Duration.ofMillis(-1), Duration.ZERO));
    }
}
