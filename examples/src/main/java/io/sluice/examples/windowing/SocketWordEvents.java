package io.sluice.examples.windowing;

import io.sluice.api.functions.Collector;
import io.sluice.api.functions.FlatMapFunction;
import io.sluice.examples.wordcount.Tokenizer;

/**
 * Turns a line of socket text into word events: {@code <epoch millis> <text>} gives every word of
 * the text that event time; a line without a leading number takes the current wall-clock time.
 */
final class SocketWordEvents implements FlatMapFunction<String, WordEvent> {

    private static final long serialVersionUID = 1L;

    private final Tokenizer tokenizer = new Tokenizer();

    @Override
    public void flatMap(String line, Collector<WordEvent> out) throws Exception {
        String text = line.strip();
        long time = System.currentTimeMillis();
        int space = text.indexOf(' ');
        String first = space < 0 ? text : text.substring(0, space);
        if (!first.isEmpty() && first.chars().allMatch(Character::isDigit) && first.length() < 19) {
            time = Long.parseLong(first);
            text = space < 0 ? "" : text.substring(space + 1);
        }
        long timestamp = time;
        tokenizer.flatMap(text, word -> out.collect(new WordEvent(word, timestamp)));
    }
}
