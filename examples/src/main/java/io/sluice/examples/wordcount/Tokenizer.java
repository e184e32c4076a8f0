package io.sluice.examples.wordcount;

import io.sluice.api.functions.Collector;
import io.sluice.api.functions.FlatMapFunction;

/**
 * Splits a line into words: runs of letters ({@link Character#isLetter}), lower-cased. Digits,
 * punctuation, hyphens and white space separate words. Scans characters instead of using a regular
 * expression: this is the hot loop of WordCount.
 */
public final class Tokenizer implements FlatMapFunction<String, String> {

    private static final long serialVersionUID = 1L;

    @Override
    public void flatMap(String line, Collector<String> out) throws Exception {
        int length = line.length();
        int start = -1;
        for (int i = 0; i < length; i++) {
            char c = line.charAt(i);
            boolean letter;
            if (c < 128) {
                letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            } else if (Character.isHighSurrogate(c) && i + 1 < length) {
                // a letter outside the BMP takes two chars: test the code point, keep both chars together
                letter = Character.isLetter(line.codePointAt(i));
                if (letter && start < 0) {
                    start = i;
                } else if (!letter && start >= 0) {
                    out.collect(word(line, start, i));
                    start = -1;
                }
                i++;
                continue;
            } else {
                letter = Character.isLetter(c);
            }
            if (letter) {
                if (start < 0) {
                    start = i;
                }
            } else if (start >= 0) {
                out.collect(word(line, start, i));
                start = -1;
            }
        }
        if (start >= 0) {
            out.collect(word(line, start, length));
        }
    }

    private static String word(String line, int from, int to) {
        return line.substring(from, to).toLowerCase(java.util.Locale.ROOT);
    }
}
