package io.sluice.jobmaster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FailureRateRestartStrategyTest {

    private final ManualClock clock = new ManualClock();

    @Test
    void withTheDefaultsASecondFailureWithinAMinuteFailsTheJob() {
        FailureRateRestartStrategy strategy =
                new FailureRateRestartStrategy(1, Duration.ofMinutes(1), Duration.ofSeconds(1), clock);
        assertTrue(strategy.onFailure());
        assertEquals(Duration.ofSeconds(1), strategy.restartDelay());
        clock.advance(Duration.ofSeconds(59));
        assertFalse(strategy.onFailure());
    }

    @Test
    void failuresAtLeastAnIntervalApartNeverFailTheJob() {
        FailureRateRestartStrategy strategy =
                new FailureRateRestartStrategy(1, Duration.ofMinutes(1), Duration.ofSeconds(1), clock);
        for (int i = 1; i <= 100; i++) {
            assertTrue(strategy.onFailure(), "failure " + i);
            clock.advance(Duration.ofMinutes(1));
        }
    }

    @Test
    void theIntervalSlides() {
        FailureRateRestartStrategy strategy =
                new FailureRateRestartStrategy(3, Duration.ofMinutes(10), Duration.ZERO, clock);
        assertTrue(strategy.onFailure()); // t = 0
        clock.advance(Duration.ofMinutes(1));
        assertTrue(strategy.onFailure()); // t = 1
        clock.advance(Duration.ofMinutes(1));
        assertTrue(strategy.onFailure()); // t = 2
        clock.advance(Duration.ofMinutes(8));
        assertTrue(strategy.onFailure(), "t = 10: the failure at 0 is a whole interval old and forgotten");
        clock.advance(Duration.ofMinutes(1));
        assertTrue(strategy.onFailure(), "t = 11: failures at 2, 10, 11");
        clock.advance(Duration.ofSeconds(30));
        assertFalse(strategy.onFailure(), "t = 11.5: failures at 2, 10, 11, 11.5 are 4 within 10 min");
    }

    @Test
    void fourFailuresWithinTheIntervalExceedThree() {
        FailureRateRestartStrategy strategy =
                new FailureRateRestartStrategy(3, Duration.ofMinutes(10), Duration.ZERO, clock);
        for (int i = 0; i < 3; i++) {
            assertTrue(strategy.onFailure());
            clock.advance(Duration.ofMinutes(3));
        }
        assertFalse(strategy.onFailure(), "failures at 0, 3, 6, 9 min");
    }

    @Test
    void describesItsSettings() {
        assertEquals("failure-rate (at most 1 failure per 1 min, 1 s apart)",
                new FailureRateRestartStrategy(1, Duration.ofMinutes(1), Duration.ofSeconds(1), clock).describe());
        assertEquals("failure-rate (at most 5 failures per 1 h, 0 ms apart)",
                new FailureRateRestartStrategy(5, Duration.ofHours(1), Duration.ZERO, clock).describe());
    }

    @Test
    void rejectsImpossibleSettings() {
        assertThrows(IllegalArgumentException.class,
                () -> new FailureRateRestartStrategy(0, Duration.ofMinutes(1), Duration.ZERO, clock));
        assertThrows(IllegalArgumentException.class,
                () -> new FailureRateRestartStrategy(1, Duration.ZERO, Duration.ZERO, clock));
    }
}
