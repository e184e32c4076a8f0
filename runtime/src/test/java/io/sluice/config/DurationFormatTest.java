package io.sluice.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationFormatTest {

    @ParameterizedTest
    @CsvSource({
        "10 s, PT10S",
        "10s, PT10S",
        "500 ms, PT0.5S",
        "1 min, PT1M",
        "1m, PT1M",
        "2 h, PT2H",
        "1d, PT24H",
        "100, PT0.1S",
        "'  100  ', PT0.1S",
        "3 seconds, PT3S",
        "2 minutes, PT2M",
        "1 day, PT24H",
        "5 hours, PT5H",
        "7 ns, PT0.000000007S",
        "7 us, PT0.000007S",
        "7 µs, PT0.000007S",
        "7 micros, PT0.000007S",
        "42 MS, PT0.042S",
        "0, PT0S",
    })
    void parsesUnitsWithAndWithoutSpace(String text, String expectedIso) {
        assertEquals(Duration.parse(expectedIso), DurationFormat.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "s", "abc", "-1 s", "1.5 s", "10 parsecs", "10 s s", "99999999999999999999 ms"})
    void rejectsWhatIsNotAWholeDurationWithAKnownUnit(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DurationFormat.parse(text));
        assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
    }

    @Test
    void unknownUnitMessageListsTheUnits() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> DurationFormat.parse("10 parsecs"));
        assertEquals("'10 parsecs' has an unknown time unit 'parsecs' (" + DurationFormat.UNIT_HELP + ")",
                e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
        "PT0S, 0 ms",
        "PT24H, 1 d",
        "PT48H, 2 d",
        "PT25H, 25 h",
        "PT5M, 5 min",
        "PT90S, 90 s",
        "PT1.5S, 1500 ms",
        "PT0.000001S, 1 us",
        "PT0.000000123S, 123 ns",
    })
    void formatsInTheLargestExactUnit(String iso, String expected) {
        assertEquals(expected, DurationFormat.format(Duration.parse(iso)));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 999, 1000, 1001, 60_000, 3_600_000, 86_400_000, 86_400_001, 123_456_789_012L})
    void formatThenParseGivesTheSameDuration(long nanosTimes) {
        for (Duration d : new Duration[] {Duration.ofNanos(nanosTimes), Duration.ofMillis(nanosTimes),
                Duration.ofSeconds(nanosTimes)}) {
            assertEquals(d, DurationFormat.parse(DurationFormat.format(d)), () -> "round trip of " + d);
        }
    }

    @Test
    void hugeDurationsThatOverflowNanosStillRoundTrip() {
        Duration d = Duration.ofSeconds(Long.MAX_VALUE / 1000);
        assertEquals(d, DurationFormat.parse(DurationFormat.format(d)));
    }
}
