package io.sluice.streaming.source;

import io.sluice.connector.file.TextFileSource;
import io.sluice.connector.file.TextFileSplitter;
import io.sluice.connector.file.FileSplit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.streaming.CollectingOutput;
import io.sluice.streaming.SourceOperator;
import io.sluice.api.common.UserCodeSerialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextFileSourceTest {

    @TempDir
    Path tmp;

    private static final Configuration CONF = new Configuration();

    private static TextFileSource source(String path, long maxSplitBytes) {
        return new TextFileSource(path, TextFileSplitter.split(path, maxSplitBytes, CONF));
    }

    /** Every line of every file, as a multiset: what all instances together must emit. */
    private static Map<String, Integer> counts(List<String> lines) {
        Map<String, Integer> counts = new HashMap<>();
        for (String line : lines) {
            counts.merge(line, 1, Integer::sum);
        }
        return counts;
    }

    private static List<String> readAll(TextFileSource source, int parallelism) throws Exception {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < parallelism; i++) {
            all.addAll(SourceHarness.runToEnd(source, i, parallelism));
        }
        return all;
    }

    /**
     * Lines that are all different (numbered), with empty lines, multi-byte characters and one line
     * longer than the reader's 64 KB buffer, so a mistake at a split boundary shows up as a missing
     * or doubled line.
     */
    private static List<String> lines(String file, int count, Random random) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int kind = random.nextInt(10);
            String line = kind == 0 ? "" : kind == 1 ? "grüße ☃ " + file + "/" + i : file + " line " + i + " " + "x".repeat(random.nextInt(40));
            lines.add(line);
        }
        lines.set(count / 2, file + " long " + "y".repeat(70_000));
        return lines;
    }

    private Path write(String name, List<String> lines, String terminator, boolean trailing) throws IOException {
        Path file = tmp.resolve(name);
        Files.createDirectories(file.getParent());
        String text = String.join(terminator, lines) + (trailing && !lines.isEmpty() ? terminator : "");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void splitsCoverEveryLineOnceAcrossParallelismAndSplitSizes() throws Exception {
        Random random = new Random(42);
        List<String> a = lines("a", 3000, random);
        List<String> b = lines("b", 1000, random);
        List<String> c = lines("c", 500, random);
        write("in/a.txt", a, "\n", true);
        write("in/b.txt", b, "\n", false);            // no newline at the end
        write("in/c.txt", c, "\r\n", true);           // CRLF
        write("in/empty.txt", List.of(), "\n", false); // empty file
        write("in/nl-only.txt", List.of(""), "\n", true); // one empty line
        List<String> expected = new ArrayList<>(a);
        expected.addAll(b);
        expected.addAll(c);
        expected.add("");
        assertCoveredOnce(tmp.resolve("in").toUri().toString(), expected, new long[] {4096, 65_537, 1 << 30});
    }

    @Test
    void tinySplitsCutEveryLineAtEveryByte() throws Exception {
        // splits of 1 and 2 bytes start at every possible offset: inside a line, at a '\r', at a '\n'
        write("tiny/a.txt", List.of("alpha", "", "beta", "gamma"), "\n", false);
        write("tiny/b.txt", List.of("one", "", "two", "x"), "\r\n", true);
        write("tiny/c.txt", List.of("", ""), "\n", true);
        List<String> expected = List.of("alpha", "", "beta", "gamma", "one", "", "two", "x", "", "");
        assertCoveredOnce(tmp.resolve("tiny").toString(), expected, new long[] {1, 2, 3, 7});
    }

    private static void assertCoveredOnce(String input, List<String> expected, long[] splitSizes) throws Exception {
        Map<String, Integer> want = counts(expected);
        for (long maxSplit : splitSizes) {
            TextFileSource source = source(input, maxSplit);
            for (int parallelism = 1; parallelism <= 4; parallelism++) {
                List<String> got = readAll(source, parallelism);
                assertEquals(expected.size(), got.size(), "lines with splits of " + maxSplit + " at parallelism " + parallelism);
                assertEquals(want, counts(got), "lines with splits of " + maxSplit + " at parallelism " + parallelism);
            }
        }
    }

    @Test
    void oneInstanceReadsAFileInOrder() throws Exception {
        List<String> lines = lines("f", 2000, new Random(7));
        Path file = write("f.txt", lines, "\r\n", false);
        assertEquals(lines, readAll(source(file.toString(), 1 << 20), 1));
        // several splits read one after the other by one instance keep the file's order too
        assertEquals(lines, readAll(source(file.toString(), 5000), 1));
    }

    @Test
    void splitsAreEvenAndSpreadAcrossInstances() throws Exception {
        Path file = write("big.txt", lines("g", 5000, new Random(3)), "\n", true);
        long size = Files.size(file);
        List<FileSplit> splits = TextFileSplitter.split(file.toString(), size / 4 + 1, CONF);
        assertEquals(4, splits.size());
        assertEquals(size, splits.stream().mapToLong(FileSplit::length).sum());
        for (int i = 0; i < 4; i++) {
            assertEquals(List.of(i), TextFileSplitter.assignedSplits(splits, i, 4));
        }
        assertEquals(List.of(0, 2), TextFileSplitter.assignedSplits(splits, 0, 2));
    }

    @Test
    void directoriesAreReadRecursivelySkippingHiddenAndUnderscoreNames() throws Exception {
        write("d/one.txt", List.of("one"), "\n", true);
        write("d/sub/two.txt", List.of("two"), "\n", true);
        write("d/_SUCCESS", List.of("marker"), "\n", true);
        write("d/.one.txt.crc", List.of("checksum"), "\n", true);
        write("d/_tmp/three.txt", List.of("hidden dir"), "\n", true);
        write("d/.staging/four.txt", List.of("hidden dir"), "\n", true);
        assertEquals(List.of("one", "two"), readAll(source(tmp.resolve("d").toString(), 1 << 20), 1));
    }

    @Test
    void globSelectsFiles() throws Exception {
        write("g/2024-01.log", List.of("jan"), "\n", true);
        write("g/2024-02.log", List.of("feb"), "\n", true);
        write("g/2024-02.txt", List.of("not a log"), "\n", true);
        assertEquals(List.of("jan", "feb"), readAll(source(tmp.resolve("g").toString() + "/*.log", 1 << 20), 1));
    }

    @Test
    void gzipFilesAreDecompressedAsOneSplitEach() throws Exception {
        List<String> plain = lines("p", 3000, new Random(5));
        List<String> zipped = lines("z", 3000, new Random(6));
        write("mixed/plain.txt", plain, "\n", true);
        Path gz = tmp.resolve("mixed/zipped.txt.gz");
        try (java.io.Writer w = new java.io.OutputStreamWriter(
                new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz)), StandardCharsets.UTF_8)) {
            w.write(String.join("\r\n", zipped));
        }
        List<FileSplit> splits = TextFileSplitter.split(tmp.resolve("mixed").toString(), 10_000, CONF);
        assertEquals(1, splits.stream().filter(FileSplit::compressed).count(), splits.toString());
        List<String> expected = new ArrayList<>(plain);
        expected.addAll(zipped);
        assertCoveredOnce(tmp.resolve("mixed").toString(), expected, new long[] {10_000});

        // a restore inside the compressed file skips the decompressed bytes before the position
        TextFileSource source = new TextFileSource("gz", List.of(splits.stream().filter(FileSplit::compressed).findFirst().orElseThrow()));
        CollectingOutput<String> out = new CollectingOutput<>();
        var first = new ReaderDriver<>(source);
        first.setup(SourceHarness.context("source", 0, 1), out);
        first.open();
        first.emitNext();
        var saved = first.currentPosition();
        first.close();
        var second = new ReaderDriver<>(source);
        second.setup(SourceHarness.context("source", 0, 1), out);
        second.restorePosition(saved);
        second.open();
        while (second.emitNext() == SourceOperator.Status.MORE_AVAILABLE) {
            // to the end
        }
        second.close();
        assertEquals(zipped, out.values());
    }

    @Test
    void missingPathIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TextFileSplitter.split(tmp.resolve("nope").toString(), 1024, CONF));
        assertTrue(e.getMessage().contains("does not exist") && e.getMessage().contains("nope"), e.getMessage());
    }

    @Test
    void globMatchingNothingIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TextFileSplitter.split(tmp.toString() + "/*.csv", 1024, CONF));
        assertTrue(e.getMessage().contains("matches no file"), e.getMessage());
    }

    @Test
    void directoryWithoutFilesIsAClearError() throws Exception {
        Files.createDirectories(tmp.resolve("e/sub"));
        Files.writeString(tmp.resolve("e/_SUCCESS"), "");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TextFileSplitter.split(tmp.resolve("e").toString(), 1024, CONF));
        assertTrue(e.getMessage().contains("contains no file"), e.getMessage());
    }

    @Test
    void restartFromSavedPositionEmitsExactlyTheRest() throws Exception {
        List<String> lines = lines("r", 6000, new Random(11));
        write("r/a.txt", lines, "\n", true);
        write("r/b.txt", lines("s", 4000, new Random(12)), "\r\n", false);
        TextFileSource source = source(tmp.resolve("r").toString(), 40_000);
        for (int index = 0; index < 2; index++) {
            List<String> expected = SourceHarness.runToEnd(source, index, 2);
            // stop after 0, 1, 5, ... batches: at the start, inside a split, at split changes
            for (int batches : new int[] {0, 1, 5, 9, 10_000}) {
                CollectingOutput<String> out = new CollectingOutput<>();
                var first = new ReaderDriver<>(source);
                first.setup(SourceHarness.context("source", index, 2), out);
                first.open();
                for (int n = 0; n < batches && first.emitNext() == SourceOperator.Status.MORE_AVAILABLE; n++) {
                    // read on
                }
                byte[] saved = UserCodeSerialization.serialize(first.currentPosition());
                first.close();

                var second = new ReaderDriver<>(source);
                second.setup(SourceHarness.context("source", index, 2), out);
                second.restorePosition((java.util.List) UserCodeSerialization.deserialize(saved, getClass().getClassLoader()));
                second.open();
                while (second.emitNext() == SourceOperator.Status.MORE_AVAILABLE) {
                    // to the end
                }
                second.close();
                assertEquals(expected, out.values(), "subtask " + index + " stopped after " + batches + " batches");
            }
        }
    }
}
