package io.sluice.it.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/** What the SequenceToText example must write: x*2 for x in [from, to], keeping multiples of 3, once each. */
public final class JobOutput {

    private JobOutput() {}

    public static List<Long> expected(long from, long to) {
        return LongStream.rangeClosed(from, to).map(x -> x * 2).filter(x -> x % 3 == 0).boxed().toList();
    }

    /** All values of all part files, sorted; fails if an in-progress file is left behind. */
    public static List<Long> read(Path dir) throws IOException {
        List<Long> values = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                String name = p.getFileName().toString();
                if (name.contains("inprogress") && !name.endsWith(".crc")) {
                    throw new AssertionError("half-written file left behind: " + p);
                }
                if (name.startsWith("part-")) {
                    for (String line : Files.readAllLines(p)) {
                        values.add(Long.parseLong(line));
                    }
                }
            }
        }
        values.sort(null);
        return values;
    }

    public static void assertExact(Path dir, long from, long to) throws IOException {
        List<Long> actual = read(dir);
        List<Long> expected = expected(from, to);
        assertEquals(expected.size(), actual.size(), "number of output records");
        assertEquals(expected, actual, "output records");
    }

    public static long partFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches("part-\\d+")).count();
        }
    }
}
