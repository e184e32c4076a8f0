package io.sluice.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.examples.stateful.StatefulJob;
import io.sluice.examples.windowing.WindowedWordCount;
import io.sluice.examples.windowing.ExpectedWindows;
import io.sluice.examples.windowing.WordEvents;
import io.sluice.examples.wordcount.TextGenerator;
import io.sluice.examples.wordcount.Tokenizer;
import io.sluice.examples.wordcount.WordCount;
import io.sluice.examples.wordcount.WordCounter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The example programs' main() on an embedded local cluster, their output checked independently. */
@Timeout(300)
class ExamplesLocalTest {

    @TempDir
    Path tmp;

    static List<String> partLines(Path dir) throws Exception {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().startsWith("part-")).sorted().toList()) {
                lines.addAll(Files.readAllLines(p, StandardCharsets.UTF_8));
            }
        }
        return lines;
    }

    @Test
    void tokenizerAgreesWithTheIndependentCounter() throws Exception {
        String text = "Don't stop-2-go!  Ünïcödé wörds, CAPS and camelCase\tx\r\nend";
        Path file = tmp.resolve("t.txt");
        Files.writeString(file, text);
        Map<String, Long> tokenized = new HashMap<>();
        for (String line : text.split("\n")) {
            new Tokenizer().flatMap(line, w -> tokenized.merge(w, 1L, Long::sum));
        }
        assertEquals(WordCounter.count(List.of(file)), tokenized);
        assertEquals(1L, tokenized.get("ünïcödé"));
        assertEquals(1L, tokenized.get("camelcase"));
    }

    @Test
    void wordCountFinalCountsEqualTheIndependentCount() throws Exception {
        List<Path> files = new TextGenerator(2_000, 5).writeFiles(tmp.resolve("in"), 3, 600_000);
        Path out = tmp.resolve("out");
        WordCount.main(new String[] {"--input", tmp.resolve("in").toString(), "--output", out.toString(),
                "--parallelism", "3"});
        Map<String, Long> counts = new HashMap<>();
        for (String line : partLines(out)) {
            String[] f = line.split("\t");
            assertEquals(2, f.length, line);
            assertEquals(null, counts.put(f[0], Long.parseLong(f[1])), "word twice: " + f[0]);
        }
        assertEquals(WordCounter.count(files), counts);
    }

    @Test
    void wordCountUpdatesEndWithTheFinalCounts() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("small"));
        Files.writeString(in.resolve("a.txt"), "b a b\nc b a\n");
        Path out = tmp.resolve("updates");
        WordCount.main(new String[] {"--input", in.toString(), "--output", out.toString(), "--mode", "updates",
                "--parallelism", "2"});
        List<String> lines = partLines(out);
        lines.sort(null);
        assertEquals(List.of("a\t1", "a\t2", "b\t1", "b\t2", "b\t3", "c\t1"), lines);
    }

    @Test
    void wordCountRejectsABadMode() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WordCount.main(new String[] {"--input", "x", "--mode", "sometimes"}));
        assertTrue(e.getMessage().contains("--mode"), e.getMessage());
    }

    @Test
    void statefulJobSeesEveryKeysEventsOnceInOrder() throws Exception {
        Path out = tmp.resolve("stateful");
        long count = 50_000;
        int keys = 37;
        StatefulJob.main(new String[] {"--count", Long.toString(count), "--keys", Integer.toString(keys),
                "--output", out.toString(), "--parallelism", "3"});
        Map<Long, String> byKey = new HashMap<>();
        for (String line : partLines(out)) {
            assertEquals(null, byKey.put(Long.parseLong(line.split("\t")[0]), line));
        }
        assertEquals(keys, byKey.size());
        for (long k = 0; k < keys; k++) {
            long events = (count - k + keys - 1) / keys;
            assertEquals(k + "\t" + events + "\t" + (events - 1) + "\t0\t0", byKey.get(k));
        }
    }

    @Test
    void windowedCountsOfOutOfOrderEventsAreExact() throws Exception {
        Path out = tmp.resolve("windows");
        long count = 40_000;
        WindowedWordCount.main(new String[] {"--count", Long.toString(count), "--window-ms", "1000",
                "--out-of-orderness-ms", "500", "--output", out.toString(), "--parallelism", "3"});
        WordEvents events = new WordEvents(10, 500, 0, 0);
        assertEquals(ExpectedWindows.of(events, count, 1000), ExpectedWindows.windowsPlusLate(out, events, count, 1000));
        assertEquals(List.of(), ExpectedWindows.lateLines(out), "no event within the out-of-orderness bound is late");
    }

    @Test
    void lateEventsGoToTheSideOutputAndNothingIsLost() throws Exception {
        Path out = tmp.resolve("late-windows");
        long count = 12_000;
        // rate-limited, so that watermarks advance while the events flow: the late ones are then late
        WindowedWordCount.main(new String[] {"--count", Long.toString(count), "--rate", "2000", "--window-ms", "1000",
                "--out-of-orderness-ms", "500", "--late-every", "50", "--output", out.toString(), "--parallelism", "2"});
        WordEvents events = new WordEvents(10, 500, 50, 10 * 1000 + 500);
        assertEquals(ExpectedWindows.of(events, count, 1000), ExpectedWindows.windowsPlusLate(out, events, count, 1000));
        assertTrue(!ExpectedWindows.lateLines(out).isEmpty(), "some of the late events arrived after the watermark");
    }

    @Test
    void windowedCountsOverSocketLinesWithTimestamps() throws Exception {
        Path out = tmp.resolve("socket-windows");
        try (java.net.ServerSocket server = new java.net.ServerSocket(0)) {
            java.util.concurrent.CompletableFuture<Void> sent = java.util.concurrent.CompletableFuture.runAsync(() -> {
                try (java.net.Socket client = server.accept();
                     java.io.Writer w = new java.io.OutputStreamWriter(client.getOutputStream(), StandardCharsets.UTF_8)) {
                    // out of order within 500 ms; the server closing the connection ends the input
                    w.write("1000 the quick fox\n1700 the lazy dog\n1400 The end\r\n2100 fox\n2050 dog dog\n");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            WindowedWordCount.main(new String[] {"--host", "localhost", "--port", Integer.toString(server.getLocalPort()),
                    "--window-ms", "1000", "--out-of-orderness-ms", "500", "--output", out.toString(), "--parallelism", "2"});
            sent.get(10, java.util.concurrent.TimeUnit.SECONDS);
        }
        List<String> windows = partLines(out);
        windows.sort(null);
        assertEquals(List.of("1000\t2000\tdog\t1", "1000\t2000\tend\t1", "1000\t2000\tfox\t1", "1000\t2000\tlazy\t1",
                "1000\t2000\tquick\t1", "1000\t2000\tthe\t3", "2000\t3000\tdog\t2", "2000\t3000\tfox\t1"), windows);
    }
}
