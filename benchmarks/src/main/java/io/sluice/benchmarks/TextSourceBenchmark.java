package io.sluice.benchmarks;

import io.sluice.api.OutputTag;
import io.sluice.api.common.JobId;
import io.sluice.api.eventtime.Watermark;
import io.sluice.connector.file.TextFileSource;
import io.sluice.connector.file.TextFileSplitter;
import io.sluice.network.StreamRecord;
import io.sluice.state.timers.ProcessingTimeService;
import io.sluice.streaming.OperatorContext;
import io.sluice.streaming.Output;
import io.sluice.streaming.SourceOperator;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;

/**
 * The text file source alone, on one thread and without a cluster: {@link TextFileSource} driven by
 * hand (as one subtask of parallelism 1) into an output that only counts, next to the plain-JDK
 * baseline ({@code BufferedReader.readLine} over the same files). Tells how much of a job's time
 * reading lines costs and how far the source is from what the JDK does.
 *
 * <p>Input as {@link DataflowThroughputBenchmark}: {@code --data-dir}, {@code --size-mb}, {@code --files}.
 */
public final class TextSourceBenchmark {

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of("benchmarks/target/wordcount-data").toAbsolutePath();
        int sizeMb = 200;
        int files = 4;
        int runs = 5;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--data-dir" -> dataDir = Path.of(args[i + 1]).toAbsolutePath();
                case "--size-mb" -> sizeMb = Integer.parseInt(args[i + 1]);
                case "--files" -> files = Integer.parseInt(args[i + 1]);
                case "--runs" -> runs = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; known: --data-dir, --size-mb, --files, --runs");
            }
        }
        DataflowThroughputBenchmark.InputData data = DataflowThroughputBenchmark.InputData.prepare(dataDir, sizeMb, files);
        System.out.printf(Locale.ROOT, "TextSourceBenchmark: %s (%.1f MB, %d lines), %d run(s) each after one warm-up%n",
                dataDir, data.bytes() / 1e6, data.lines(), runs);
        for (int run = 0; run <= runs; run++) {
            long start = System.nanoTime();
            long lines = readWithSource(dataDir);
            report("TextFileSource", run, start, lines, data);
            start = System.nanoTime();
            lines = readWithJdk(dataDir);
            report("JDK BufferedReader", run, start, lines, data);
        }
    }

    private static void report(String what, int run, long startNanos, long lines, DataflowThroughputBenchmark.InputData data) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        if (lines != data.lines()) {
            throw new IllegalStateException(what + " read " + lines + " lines, expected " + data.lines());
        }
        System.out.printf(Locale.ROOT, "%-20s %-8s %6.2f s  %7.1f MB/s  %6.2f M lines/s%n", what,
                run == 0 ? "warm-up" : "run " + run, seconds, data.bytes() / seconds / 1e6, lines / seconds / 1e6);
    }

    private static long readWithSource(Path dir) throws Exception {
        String input = dir.toUri().toString();
        TextFileSource textFiles = new TextFileSource(input,
                TextFileSplitter.split(input, TextFileSplitter.DEFAULT_MAX_SPLIT_BYTES, new Configuration()));
        var source = new io.sluice.streaming.connector.SourceReaderOperator<>(textFiles, textFiles.createSplits(1));
        CountingOutput out = new CountingOutput();
        source.setup(new OperatorContext("0123456789abcdef0123456789abcdef", "source", "source (1/1)#0", 0, 1, 128, 0,
                new JobId(1, 1), "benchmark", Map.of(), TextSourceBenchmark.class.getClassLoader(), NO_TIMERS), out);
        source.open();
        while (source.emitNext() == SourceOperator.Status.MORE_AVAILABLE) {
            // read on
        }
        source.close();
        return out.count;
    }

    private static long readWithJdk(Path dir) throws Exception {
        long lines = 0;
        long chars = 0;
        try (Stream<Path> list = Files.list(dir)) {
            for (Path file : list.filter(p -> !p.getFileName().toString().startsWith("_")).sorted().toList()) {
                try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        lines++;
                        chars += line.length();
                    }
                }
            }
        }
        return chars >= 0 ? lines : -1;
    }

    private static final ProcessingTimeService NO_TIMERS = new ProcessingTimeService() {
        @Override
        public long getCurrentProcessingTime() {
            return System.currentTimeMillis();
        }

        @Override
        public Cancellable registerTimer(long timestamp, io.sluice.state.timers.ProcessingTimeCallback callback) {
            throw new UnsupportedOperationException("the text source registers no timers");
        }
    };

    /** Counts records and touches each line's length, so the work cannot be optimized away. */
    private static final class CountingOutput implements Output<String> {
        long count;
        long chars;

        @Override
        public void collect(StreamRecord<String> record) {
            count++;
            chars += record.getValue().length();
        }

        @Override
        public void emitWatermark(Watermark mark) {
        }

        @Override
        public <X> void collect(OutputTag<X> tag, StreamRecord<X> record) {
        }
    }

    private TextSourceBenchmark() {
    }

}
