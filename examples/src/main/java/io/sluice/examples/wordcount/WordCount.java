package io.sluice.examples.wordcount;

import io.sluice.api.DataStream;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.tuple.Tuple2;
import io.sluice.examples.ExampleArgs;

/**
 * WordCount over text files: words are runs of letters, lower-cased. With the default
 * {@code --mode final} the output holds each word once, {@code <word><TAB><count>}, with its count
 * over the whole input, spread over one part file per parallel instance of the sink; {@code --mode
 * updates} emits the running count after every word instead (Flink's streaming WordCount).
 *
 * <pre>
 * bin/sluice run examples/wordcount.jar --input hdfs:///books --output hdfs:///counts
 * </pre>
 */
public final class WordCount {

    static final String USAGE = "usage: WordCount --input <file, directory or glob> [--output <directory>, "
            + "default: print] [--mode final|updates, default final] [--parallelism <n>]";

    private WordCount() {
    }

    /** Each word of {@code lines} once with its count, as {@code word\tcount}, after the input ends. */
    public static DataStream<String> finalCounts(DataStream<String> lines) {
        return lines.flatMap(new Tokenizer()).name("Tokenizer")
                .keyBy(word -> word)
                .process(new FinalCount()).name("Count");
    }

    /** (word, count so far) after every word: the streaming version. */
    public static DataStream<Tuple2<String, Long>> runningCounts(DataStream<String> lines) {
        return lines.flatMap(new Tokenizer()).name("Tokenizer")
                .map(word -> new Tuple2<>(word, 1L)).name("Pair")
                .keyBy(Tuple2::f0)
                .sum(1).name("Count");
    }

    public static void main(String[] args) throws Exception {
        ExampleArgs params;
        String input;
        String mode;
        try {
            params = ExampleArgs.parse(args);
            params.rejectUnknown("input", "output", "mode", "parallelism");
            input = params.required("input");
            mode = params.optional("mode").orElse("final");
            if (!mode.equals("final") && !mode.equals("updates")) {
                throw new IllegalArgumentException("--mode must be 'final' or 'updates', was '" + mode + "'");
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            throw new IllegalArgumentException(e.getMessage() + " (" + USAGE + ")", e);
        }
        StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
        params.optionalInt("parallelism").ifPresent(env::setParallelism);

        DataStream<String> lines = env.readTextFile(input);
        DataStream<String> counts = mode.equals("final")
                ? finalCounts(lines)
                : runningCounts(lines).map(t -> t.f0() + "\t" + t.f1()).name("Format");
        params.optional("output").ifPresentOrElse(counts::writeAsText, counts::print);
        env.execute("WordCount " + input);
    }
}
