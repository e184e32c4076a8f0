package io.sluice.config;

import java.io.Serializable;
import java.util.Locale;
import java.util.Map;

/**
 * An amount of memory in bytes, as written in configuration files: {@code "512m"}, {@code "1g"},
 * {@code "100 mb"}, {@code "64kb"}, or a plain number of bytes ({@code "1024"}).
 *
 * <p>All units are binary (1 kb = 1024 bytes), as operators of JVM processes expect from
 * {@code -Xmx512m}. {@link #toString()} prints the exact amount in the largest unit that divides it, so
 * that {@code parse(x.toString()).equals(x)} always holds.
 */
public final class MemorySize implements Comparable<MemorySize>, Serializable {

    private static final long serialVersionUID = 1L;

    public static final MemorySize ZERO = new MemorySize(0);

    /** Unit suffixes (lower case) to their size in bytes. */
    private static final Map<String, Long> UNITS = Map.ofEntries(
            Map.entry("", 1L), Map.entry("b", 1L), Map.entry("byte", 1L), Map.entry("bytes", 1L),
            Map.entry("k", 1L << 10), Map.entry("kb", 1L << 10), Map.entry("kib", 1L << 10),
            Map.entry("kibibytes", 1L << 10), Map.entry("kilobytes", 1L << 10),
            Map.entry("m", 1L << 20), Map.entry("mb", 1L << 20), Map.entry("mib", 1L << 20),
            Map.entry("mebibytes", 1L << 20), Map.entry("megabytes", 1L << 20),
            Map.entry("g", 1L << 30), Map.entry("gb", 1L << 30), Map.entry("gib", 1L << 30),
            Map.entry("gibibytes", 1L << 30), Map.entry("gigabytes", 1L << 30),
            Map.entry("t", 1L << 40), Map.entry("tb", 1L << 40), Map.entry("tib", 1L << 40),
            Map.entry("tebibytes", 1L << 40), Map.entry("terabytes", 1L << 40));

    /** Units used for printing, largest first. */
    private static final String[] PRINT_UNITS = {"tb", "gb", "mb", "kb"};
    private static final int[] PRINT_SHIFTS = {40, 30, 20, 10};

    private final long bytes;

    private MemorySize(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("a memory size cannot be negative: " + bytes + " bytes");
        }
        this.bytes = bytes;
    }

    public static MemorySize ofBytes(long bytes) {
        return new MemorySize(bytes);
    }

    public static MemorySize ofKibiBytes(long kibiBytes) {
        return new MemorySize(Math.multiplyExact(kibiBytes, 1L << 10));
    }

    public static MemorySize ofMebiBytes(long mebiBytes) {
        return new MemorySize(Math.multiplyExact(mebiBytes, 1L << 20));
    }

    public static MemorySize ofGibiBytes(long gibiBytes) {
        return new MemorySize(Math.multiplyExact(gibiBytes, 1L << 30));
    }

    /**
     * Parses a number of bytes with an optional unit (b, k/kb/kib, m/mb/mib, g/gb/gib, t/tb/tib, case
     * insensitive, with or without a space). Fractions and negative amounts are rejected.
     *
     * @throws IllegalArgumentException naming the text and what is allowed
     */
    public static MemorySize parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("a memory size is required, got null");
        }
        String trimmed = text.trim();
        int end = 0;
        while (end < trimmed.length() && Character.isDigit(trimmed.charAt(end))) {
            end++;
        }
        if (end == 0) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a memory size: expected a whole number followed by an optional unit "
                            + "(bytes, kb, mb, gb, tb), e.g. '512 mb'");
        }
        String unit = trimmed.substring(end).trim().toLowerCase(Locale.ROOT);
        Long factor = UNITS.get(unit);
        if (factor == null) {
            throw new IllegalArgumentException(
                    "'" + text + "' has an unknown memory unit '" + unit + "': use bytes, kb, mb, gb or tb");
        }
        try {
            return new MemorySize(Math.multiplyExact(Long.parseLong(trimmed.substring(0, end)), factor));
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is too large for a memory size (at most 8 EiB)");
        }
    }

    public long getBytes() {
        return bytes;
    }

    /** The size in KiB, rounded down. */
    public long getKibiBytes() {
        return bytes >> 10;
    }

    /** The size in MiB, rounded down. */
    public long getMebiBytes() {
        return bytes >> 20;
    }

    /** The size in GiB, rounded down. */
    public long getGibiBytes() {
        return bytes >> 30;
    }

    @Override
    public int compareTo(MemorySize other) {
        return Long.compare(bytes, other.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MemorySize other && other.bytes == bytes;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(bytes);
    }

    /** The exact size in the largest unit that divides it, e.g. "100 mb", "1536 kb", "1000 bytes". */
    @Override
    public String toString() {
        for (int i = 0; i < PRINT_UNITS.length; i++) {
            long unitBytes = 1L << PRINT_SHIFTS[i];
            if (bytes != 0 && bytes % unitBytes == 0) {
                return (bytes >> PRINT_SHIFTS[i]) + " " + PRINT_UNITS[i];
            }
        }
        return bytes + " bytes";
    }
}
