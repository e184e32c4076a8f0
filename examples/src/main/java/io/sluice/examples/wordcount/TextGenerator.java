package io.sluice.examples.wordcount;

import io.sluice.examples.ExampleArgs;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Deterministic English-like text for WordCount tests and benchmarks: words drawn from a fixed
 * vocabulary with Zipf-distributed frequencies (the most common word is about 10% of all words
 * with 10,000 words and exponent 1), in lines of 6 to 17 words with the punctuation, digits,
 * hyphens and capitals a tokenizer has to get right. Same seed, sizes and vocabulary give the same
 * bytes.
 *
 * <p>Also a program: {@code --output <dir> [--size-mb 200] [--files 4] [--vocabulary 10000] [--seed 1]}.
 */
public final class TextGenerator {

    static final String USAGE = "usage: TextGenerator --output <local directory> [--size-mb <total MB>, default 200] "
            + "[--files <n>, default 4] [--vocabulary <words>, default 10000] [--seed <n>, default 1]";

    private final List<byte[]> vocabulary;
    private final double[] cumulative;
    private final long seed;

    public TextGenerator(int vocabularySize, long seed) {
        if (vocabularySize < 1) {
            throw new IllegalArgumentException("vocabulary must hold at least one word, was " + vocabularySize);
        }
        this.seed = seed;
        Random random = new Random(seed);
        Set<String> words = new LinkedHashSet<>();
        while (words.size() < vocabularySize) {
            int length = 2 + random.nextInt(9);
            StringBuilder word = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                word.append((char) ('a' + random.nextInt(26)));
            }
            words.add(word.toString());
        }
        vocabulary = new ArrayList<>(vocabularySize);
        for (String word : words) {
            vocabulary.add(word.getBytes(StandardCharsets.US_ASCII));
        }
        cumulative = new double[vocabularySize];
        double sum = 0;
        for (int rank = 0; rank < vocabularySize; rank++) {
            sum += 1.0 / (rank + 1);
            cumulative[rank] = sum;
        }
        for (int rank = 0; rank < vocabularySize; rank++) {
            cumulative[rank] /= sum;
        }
    }

    /**
     * Writes {@code files} files {@code words-<i>.txt} of about {@code totalBytes / files} bytes each
     * (whole lines) into {@code dir}; returns their paths.
     */
    public List<Path> writeFiles(Path dir, int files, long totalBytes) throws IOException {
        if (files < 1 || totalBytes < 0) {
            throw new IllegalArgumentException("need at least one file and a non-negative size");
        }
        Files.createDirectories(dir);
        List<Path> paths = new ArrayList<>();
        for (int f = 0; f < files; f++) {
            Path path = dir.resolve(String.format(Locale.ROOT, "words-%02d.txt", f));
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16)) {
                write(out, totalBytes / files, new Random(seed * 1_000_003L + f));
            }
            paths.add(path);
        }
        return paths;
    }

    /** Writes whole lines until at least {@code bytes} bytes are written. */
    public void write(OutputStream out, long bytes, Random random) throws IOException {
        byte[] line = new byte[1024];
        long written = 0;
        while (written < bytes) {
            int length = line(line, random);
            out.write(line, 0, length);
            written += length;
        }
    }

    private int line(byte[] buffer, Random random) {
        int words = 6 + random.nextInt(12);
        int n = 0;
        for (int w = 0; w < words; w++) {
            if (w > 0) {
                buffer[n++] = (byte) (random.nextInt(40) == 0 ? '-' : ' ');
            }
            if (random.nextInt(50) == 0) {
                // digits are not letters: a tokenizer must drop them
                n = appendNumber(buffer, n, random.nextInt(10_000));
                continue;
            }
            byte[] word = vocabulary.get(sample(random.nextDouble()));
            System.arraycopy(word, 0, buffer, n, word.length);
            if (w == 0 || random.nextInt(30) == 0) {
                buffer[n] = (byte) Character.toUpperCase(buffer[n]);
            }
            n += word.length;
            if (random.nextInt(12) == 0) {
                buffer[n++] = ',';
            }
        }
        buffer[n++] = '.';
        buffer[n++] = '\n';
        return n;
    }

    private static int appendNumber(byte[] buffer, int n, int number) {
        byte[] digits = Integer.toString(number).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(digits, 0, buffer, n, digits.length);
        return n + digits.length;
    }

    private int sample(double u) {
        int low = 0;
        int high = cumulative.length - 1;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (cumulative[mid] < u) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    public static void main(String[] args) throws IOException {
        ExampleArgs params;
        try {
            params = ExampleArgs.parse(args);
            params.rejectUnknown("output", "size-mb", "files", "vocabulary", "seed");
            params.required("output");
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            throw new IllegalArgumentException(e.getMessage() + " (" + USAGE + ")", e);
        }
        TextGenerator generator = new TextGenerator(
                Math.toIntExact(params.getLong("vocabulary", 10_000)), params.getLong("seed", 1));
        long bytes = params.getLong("size-mb", 200) << 20;
        List<Path> files = generator.writeFiles(Path.of(params.required("output")),
                Math.toIntExact(params.getLong("files", 4)), bytes);
        System.out.println("wrote " + files.size() + " files, " + (bytes >> 20) + " MB, to " + params.required("output"));
    }
}
