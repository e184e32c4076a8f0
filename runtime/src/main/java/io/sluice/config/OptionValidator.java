package io.sluice.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A constraint on the values of an option beyond its type, with the words that describe it. The
 * requirement is appended to the type's description in error messages and docs, e.g. "an integer"
 * + "in 0..65535".
 *
 * @param <T> the values checked
 */
public interface OptionValidator<T> {

    boolean isValid(T value);

    /** What valid values satisfy, e.g. "in 0..65535" or "&gt;= 1"; reads after "expected an integer". */
    String requirement();

    static <T> OptionValidator<T> of(String requirement, Predicate<? super T> test) {
        Objects.requireNonNull(requirement, "requirement");
        Objects.requireNonNull(test, "test");
        return new OptionValidator<>() {
            @Override
            public boolean isValid(T value) {
                return test.test(value);
            }

            @Override
            public String requirement() {
                return requirement;
            }
        };
    }

    /** For integer options: the value is at least {@code min}. */
    static OptionValidator<Number> atLeast(long min) {
        return of(">= " + min, value -> value.longValue() >= min);
    }

    /** For integer options: the value is in {@code min..max}, both included. */
    static OptionValidator<Number> between(long min, long max) {
        if (min > max) {
            throw new IllegalArgumentException("empty range " + min + ".." + max);
        }
        return of("in " + min + ".." + max, value -> value.longValue() >= min && value.longValue() <= max);
    }

    /**
     * For decimal options: the value is strictly greater than {@code min}. Unlike {@link #atLeast(long)},
     * which compares whole numbers, this keeps the fraction ({@code 1.01 > 1}).
     */
    static OptionValidator<Number> greaterThan(double min) {
        return of("> " + plain(min), value -> value.doubleValue() > min);
    }

    /** For decimal options: the value is in {@code min..max}, both included, fractions kept. */
    static OptionValidator<Number> within(double min, double max) {
        if (min > max) {
            throw new IllegalArgumentException("empty range " + plain(min) + ".." + plain(max));
        }
        return of("in " + plain(min) + ".." + plain(max),
                value -> value.doubleValue() >= min && value.doubleValue() <= max);
    }

    /** A TCP port, where 0 means "any free port". */
    static OptionValidator<Number> port() {
        return between(0, 65535);
    }

    /** A duration that is not zero (durations are never negative). */
    static OptionValidator<Duration> positiveDuration() {
        return of("> 0", value -> !value.isZero() && !value.isNegative());
    }

    /** A memory size that is not zero. */
    static OptionValidator<MemorySize> positiveMemorySize() {
        return of("> 0", value -> value.getBytes() > 0);
    }

    /** "1" for 1.0, "1.5" for 1.5: requirements read like the values an operator writes. */
    private static String plain(double number) {
        return BigDecimal.valueOf(number).stripTrailingZeros().toPlainString();
    }
}
