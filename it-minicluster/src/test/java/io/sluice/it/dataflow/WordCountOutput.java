package io.sluice.it.dataflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Reads what WordCount wrote (any Hadoop file system) and compares it with the independent count. */
final class WordCountOutput {

    private WordCountOutput() {
    }

    /**
     * The {@code word<TAB>count} lines of all part files; fails on a malformed line, a word that
     * appears twice, or an in-progress file left behind.
     */
    static Map<String, Long> read(String dir, int expectedPartFiles) throws IOException {
        Path path = new Path(dir);
        FileSystem fs = path.getFileSystem(new Configuration());
        Map<String, Long> counts = new HashMap<>();
        int parts = 0;
        for (FileStatus file : fs.listStatus(path)) {
            String name = file.getPath().getName();
            if (name.contains("inprogress") && !name.endsWith(".crc")) {
                fail("half-written file left behind: " + file.getPath());
            }
            if (!name.matches("part-\\d+")) {
                continue;
            }
            parts++;
            try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(file.getPath()), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    add(counts, line, file.getPath().toString());
                }
            }
        }
        assertEquals(expectedPartFiles, parts, "part files in " + dir);
        return counts;
    }

    static void add(Map<String, Long> counts, String line, String where) {
        String[] fields = line.split("\t", -1);
        if (fields.length != 2 || !fields[0].matches("\\p{L}+") || !fields[1].matches("[1-9]\\d*")) {
            fail("line '" + line + "' of " + where + " is not <word><TAB><count>");
        }
        if (counts.put(fields[0], Long.parseLong(fields[1])) != null) {
            fail("word '" + fields[0] + "' appears more than once in the output (again in " + where + ")");
        }
    }

    /** Equal maps, with a readable difference (a few words) instead of two huge maps. */
    static void assertSameCounts(Map<String, Long> expected, Map<String, Long> actual) {
        TreeSet<String> words = new TreeSet<>(expected.keySet());
        words.addAll(actual.keySet());
        List<String> differences = words.stream()
                .filter(w -> !java.util.Objects.equals(expected.get(w), actual.get(w)))
                .limit(10)
                .map(w -> w + ": expected " + expected.get(w) + ", got " + actual.get(w))
                .toList();
        if (!differences.isEmpty()) {
            fail(differences.size() + "+ word(s) differ (of " + expected.size() + " expected, " + actual.size()
                    + " in the output), e.g. " + differences);
        }
    }
}
