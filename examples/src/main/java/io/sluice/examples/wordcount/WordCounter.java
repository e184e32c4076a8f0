package io.sluice.examples.wordcount;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts words the plain-Java way, with no Sluice involved: the reference that WordCount's output
 * is checked against. Written independently of {@link WordCount}'s tokenizer (a regular expression
 * here, a character scan there) on the same definition: a word is a run of letters
 * ({@code \p{L}}), lower-cased.
 */
public final class WordCounter {

    private static final Pattern WORD = Pattern.compile("\\p{L}+");

    private WordCounter() {
    }

    public static Map<String, Long> count(Collection<Path> files) throws IOException {
        Map<String, Long> counts = new HashMap<>();
        for (Path file : files) {
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                while ((line = reader.readLine()) != null) {
                    Matcher m = WORD.matcher(line);
                    while (m.find()) {
                        counts.merge(m.group().toLowerCase(Locale.ROOT), 1L, Long::sum);
                    }
                }
            }
        }
        return counts;
    }

    /** Total number of words. */
    public static long total(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }
}
