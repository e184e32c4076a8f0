package io.sluice.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MemorySizeTest {

    @ParameterizedTest
    @CsvSource({
        "1024, 1024",
        "0, 0",
        "512m, 536870912",
        "1g, 1073741824",
        "1G, 1073741824",
        "100 mb, 104857600",
        "64kb, 65536",
        "64 KiB, 65536",
        "3 bytes, 3",
        "7b, 7",
        "2 tb, 2199023255552",
        "'  5 mb ', 5242880",
        "10 megabytes, 10485760",
    })
    void parsesNumbersWithBinaryUnits(String text, long expectedBytes) {
        assertEquals(expectedBytes, MemorySize.parse(text).getBytes());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "mb", "-1 mb", "1.5 gb", "10 parsecs", "9999999 tb", "99999999999999999999"})
    void rejectsBadSizesNamingTheText(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MemorySize.parse(text));
        assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
    }

    @Test
    void unknownUnitMessageSaysWhichUnitsExist() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MemorySize.parse("3 xb"));
        assertEquals("'3 xb' has an unknown memory unit 'xb': use bytes, kb, mb, gb or tb", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
        "0, 0 bytes",
        "1000, 1000 bytes",
        "1024, 1 kb",
        "1572864, 1536 kb",
        "104857600, 100 mb",
        "1073741824, 1 gb",
        "1099511627776, 1 tb",
    })
    void printsTheExactSizeInTheLargestUnit(long bytes, String expected) {
        assertEquals(expected, MemorySize.ofBytes(bytes).toString());
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 1023, 1024, 1025, 1 << 20, (1 << 20) + 1, 3L << 30, Long.MAX_VALUE})
    void printThenParseGivesTheSameSize(long bytes) {
        MemorySize size = MemorySize.ofBytes(bytes);
        assertEquals(size, MemorySize.parse(size.toString()));
    }

    @Test
    void convertsToLargerUnitsRoundingDown() {
        MemorySize size = MemorySize.parse("1536 kb");
        assertEquals(1_572_864, size.getBytes());
        assertEquals(1536, size.getKibiBytes());
        assertEquals(1, size.getMebiBytes());
        assertEquals(0, size.getGibiBytes());
        assertEquals(MemorySize.ofMebiBytes(10), MemorySize.parse("10m"));
        assertEquals(MemorySize.ofGibiBytes(2), MemorySize.parse("2048 mb"));
        assertEquals(MemorySize.ofKibiBytes(64), MemorySize.parse("64kb"));
    }

    @Test
    void negativeSizesCannotBeBuilt() {
        assertThrows(IllegalArgumentException.class, () -> MemorySize.ofBytes(-1));
        assertThrows(ArithmeticException.class, () -> MemorySize.ofGibiBytes(Long.MAX_VALUE));
    }
}
