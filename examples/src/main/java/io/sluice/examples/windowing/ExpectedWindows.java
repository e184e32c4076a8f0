package io.sluice.examples.windowing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The reference for {@link WindowedWordCount}'s output over generated events, computed from
 * {@link WordEvents} alone (no Sluice): counts per {@code "<start> TAB <end> TAB <word>"}.
 */
public final class ExpectedWindows {

    private ExpectedWindows() {
    }

    /** Counts of events 0..count-1 per tumbling window of {@code windowMs} and word. */
    public static Map<String, Long> of(WordEvents events, long count, long windowMs) {
        Map<String, Long> expected = new HashMap<>();
        for (long n = 0; n < count; n++) {
            WordEvent e = events.event(n);
            expected.merge(key(e.timestamp(), e.word(), windowMs), 1L, Long::sum);
        }
        return expected;
    }

    /**
     * What a run wrote to the local directory {@code out} (window counts in its part files, late
     * events in {@code out/late}), added up per window and word: equal to {@link #of} when every
     * event was counted once, in its window or as late.
     *
     * @throws IllegalStateException on a window reported twice, a malformed line, or a late event
     *         that is not one of the generator's deliberately late ones
     */
    public static Map<String, Long> windowsPlusLate(Path out, WordEvents events, long count, long windowMs) throws IOException {
        Map<String, Long> actual = new HashMap<>();
        for (String line : partLines(out)) {
            int last = line.lastIndexOf('\t');
            String[] fields = line.split("\t");
            if (fields.length != 4) {
                throw new IllegalStateException("not <start> TAB <end> TAB <word> TAB <count>: " + line);
            }
            if (actual.put(line.substring(0, last), Long.parseLong(line.substring(last + 1))) != null) {
                throw new IllegalStateException("window reported twice: " + line);
            }
        }
        Set<String> deliberatelyLate = new HashSet<>();
        for (long n = 0; n < count; n++) {
            if (events.isLate(n)) {
                WordEvent e = events.event(n);
                deliberatelyLate.add(e.word() + "\t" + e.timestamp());
            }
        }
        for (String line : lateLines(out)) {
            String[] f = line.split("\t");
            if (f.length != 3 || !f[0].equals("late")) {
                throw new IllegalStateException("not late TAB <word> TAB <timestamp>: " + line);
            }
            if (!deliberatelyLate.contains(f[1] + "\t" + f[2])) {
                throw new IllegalStateException("an event within the out-of-orderness bound came out late: " + line);
            }
            actual.merge(key(Long.parseLong(f[2]), f[1], windowMs), 1L, Long::sum);
        }
        return actual;
    }

    /** The late-event lines of a run ({@code out/late/part-*}); empty if there were none. */
    public static List<String> lateLines(Path out) throws IOException {
        Path late = out.resolve("late");
        return Files.isDirectory(late) ? partLines(late) : List.of();
    }

    private static String key(long timestamp, String word, long windowMs) {
        long start = timestamp - Math.floorMod(timestamp, windowMs);
        return start + "\t" + (start + windowMs) + "\t" + word;
    }

    private static List<String> partLines(Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().startsWith("part-")).sorted().toList()) {
                lines.addAll(Files.readAllLines(p, StandardCharsets.UTF_8));
            }
        }
        return lines;
    }
}
