package io.sluice.config;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;

/**
 * Reads and writes durations the way operators write them: {@code "10 s"}, {@code "500 ms"},
 * {@code "1 min"}, {@code "2 h"}, {@code "1d"}, or a plain number of milliseconds ({@code "100"}).
 *
 * <p>{@link #format(Duration)} prints the exact duration in the largest unit that divides it, so that
 * {@code parse(format(d)).equals(d)} holds for every non-negative duration.
 */
public final class DurationFormat {

    /** Accepted unit spellings (lower case) to their unit. The empty unit means milliseconds. */
    private static final Map<String, ChronoUnit> UNITS = Map.ofEntries(
            Map.entry("ns", ChronoUnit.NANOS), Map.entry("nano", ChronoUnit.NANOS),
            Map.entry("nanos", ChronoUnit.NANOS), Map.entry("nanosecond", ChronoUnit.NANOS),
            Map.entry("nanoseconds", ChronoUnit.NANOS),
            Map.entry("us", ChronoUnit.MICROS), Map.entry("\u00b5s", ChronoUnit.MICROS),
            Map.entry("micro", ChronoUnit.MICROS), Map.entry("micros", ChronoUnit.MICROS),
            Map.entry("microsecond", ChronoUnit.MICROS), Map.entry("microseconds", ChronoUnit.MICROS),
            Map.entry("", ChronoUnit.MILLIS), Map.entry("ms", ChronoUnit.MILLIS),
            Map.entry("milli", ChronoUnit.MILLIS), Map.entry("millis", ChronoUnit.MILLIS),
            Map.entry("millisecond", ChronoUnit.MILLIS), Map.entry("milliseconds", ChronoUnit.MILLIS),
            Map.entry("s", ChronoUnit.SECONDS), Map.entry("sec", ChronoUnit.SECONDS),
            Map.entry("secs", ChronoUnit.SECONDS), Map.entry("second", ChronoUnit.SECONDS),
            Map.entry("seconds", ChronoUnit.SECONDS),
            Map.entry("m", ChronoUnit.MINUTES), Map.entry("min", ChronoUnit.MINUTES),
            Map.entry("mins", ChronoUnit.MINUTES), Map.entry("minute", ChronoUnit.MINUTES),
            Map.entry("minutes", ChronoUnit.MINUTES),
            Map.entry("h", ChronoUnit.HOURS), Map.entry("hour", ChronoUnit.HOURS),
            Map.entry("hours", ChronoUnit.HOURS),
            Map.entry("d", ChronoUnit.DAYS), Map.entry("day", ChronoUnit.DAYS),
            Map.entry("days", ChronoUnit.DAYS));

    /** Units used for printing, largest first, with their short label. */
    private static final ChronoUnit[] PRINT_UNITS = {
        ChronoUnit.DAYS, ChronoUnit.HOURS, ChronoUnit.MINUTES, ChronoUnit.SECONDS,
        ChronoUnit.MILLIS, ChronoUnit.MICROS, ChronoUnit.NANOS};
    private static final String[] PRINT_LABELS = {"d", "h", "min", "s", "ms", "us", "ns"};

    /** Unit help shown in error messages and docs. */
    public static final String UNIT_HELP = "units: ns, us, ms, s, min, h, d; a number without unit is ms";

    private DurationFormat() {}

    /**
     * Parses a whole non-negative number followed by an optional unit, with or without a space.
     * Units are case insensitive; long forms ("seconds", "minutes") are accepted too.
     *
     * @throws IllegalArgumentException naming the text and what is allowed
     */
    public static Duration parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("a duration is required, got null");
        }
        String trimmed = text.trim();
        int end = 0;
        while (end < trimmed.length() && Character.isDigit(trimmed.charAt(end))) {
            end++;
        }
        if (end == 0) {
            throw new IllegalArgumentException("'" + text + "' is not a duration: expected a whole number "
                    + "followed by an optional unit, e.g. '10 s' (" + UNIT_HELP + ")");
        }
        String unitText = trimmed.substring(end).trim().toLowerCase(Locale.ROOT);
        ChronoUnit unit = UNITS.get(unitText);
        if (unit == null) {
            throw new IllegalArgumentException(
                    "'" + text + "' has an unknown time unit '" + unitText + "' (" + UNIT_HELP + ")");
        }
        try {
            return Duration.of(Long.parseLong(trimmed.substring(0, end)), unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is too large for a duration");
        }
    }

    /** The exact duration in the largest unit that divides it, e.g. "5 min", "1500 ms", "0 ms". */
    public static String format(Duration duration) {
        if (duration.isZero()) {
            return "0 ms";
        }
        for (int i = 0; i < PRINT_UNITS.length; i++) {
            Duration unit = PRINT_UNITS[i].getDuration();
            try {
                // dividedBy(Duration) truncates; multiply back to check that nothing was lost
                long amount = duration.dividedBy(unit);
                if (amount != 0 && unit.multipliedBy(amount).equals(duration)) {
                    return amount + " " + PRINT_LABELS[i];
                }
            } catch (ArithmeticException tooManyOfThisUnit) {
                // only small units overflow a long; a larger unit either fitted already or none will
            }
        }
        throw new IllegalArgumentException("duration " + duration + " cannot be written as a whole number "
                + "of one unit (" + UNIT_HELP + ")");
    }
}
