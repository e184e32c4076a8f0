package io.sluice.benchmarks;

import io.sluice.api.JobExecutionResult;
import io.sluice.api.StreamEnvironment;
import io.sluice.config.Configuration;
import io.sluice.entrypoint.LocalCluster;
import io.sluice.examples.wordcount.TextGenerator;
import io.sluice.examples.wordcount.WordCounter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/**
 * Job-level throughput over generated text, on a {@link LocalCluster} (JobManager and TaskManagers
 * in this JVM), started once; each measured job runs to the end of its bounded input. A sample is
 * the wall-clock time of {@code env.execute()}: submission, deployment, reading, processing and
 * the end of the job, as a user would time it.
 *
 * <p>Jobs: {@code read-text} (readTextFile -> discard: what the text source alone delivers) and the
 * WordCount variants registered in {@link DataflowJobs}. The input is {@code --files} files of
 * {@code --size-mb} MB in total from {@link TextGenerator} (10,000-word vocabulary, Zipf), made once
 * under {@code --data-dir} and reused; its word and line counts come from the independent
 * {@link WordCounter}.
 */
public final class DataflowThroughputBenchmark {

    record Sample(double seconds, double netSeconds) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>(Map.of(
                "jobs", "read-text", "size-mb", "200", "files", "4", "parallelism", "2", "runs", "3",
                "warmups", "1", "data-dir", "benchmarks/target/wordcount-data", "taskmanagers", "1"));
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h") || arg.equals("--help")) {
                usage();
                return;
            }
            if (!arg.startsWith("--") || !options.containsKey(arg.substring(2)) || i + 1 >= args.length) {
                System.err.println("bad argument: " + arg);
                usage();
                System.exit(2);
            }
            options.put(arg.substring(2), args[++i]);
        }
        int parallelism = Integer.parseInt(options.get("parallelism"));
        int taskManagers = Integer.parseInt(options.get("taskmanagers"));
        int runs = Integer.parseInt(options.get("runs"));
        int warmups = Integer.parseInt(options.get("warmups"));
        Path dataDir = Path.of(options.get("data-dir")).toAbsolutePath();
        InputData data = InputData.prepare(dataDir, Integer.parseInt(options.get("size-mb")),
                Integer.parseInt(options.get("files")));

        System.out.printf(Locale.ROOT, "DataflowThroughputBenchmark: %s; input %s (%d files, %.1f MB, %d lines, %d words)%n",
                options, dataDir, data.files(), data.bytes() / 1e6, data.lines(), data.words());
        System.out.printf(Locale.ROOT, "JVM %s, %d processor(s), max heap %d MiB%n", System.getProperty("java.vm.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);

        int slotsPerTaskManager = (parallelism + taskManagers - 1) / taskManagers;
        Map<String, List<Sample>> results = new LinkedHashMap<>();
        try (LocalCluster cluster = LocalCluster.start(new Configuration(), taskManagers, slotsPerTaskManager);
             ClusterExecutor executor = new ClusterExecutor(cluster)) {
            StreamEnvironment.initializeContext(executor, parallelism);
            for (String job : options.get("jobs").split(",")) {
                BiConsumer<StreamEnvironment, String> build = DataflowJobs.get(job.trim());
                List<Sample> samples = new ArrayList<>();
                for (int run = 0; run < warmups + runs; run++) {
                    StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
                    build.accept(env, dataDir.toUri().toString());
                    long start = System.nanoTime();
                    JobExecutionResult result = env.execute("benchmark " + job);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    Sample sample = new Sample(seconds, result.netRuntime().toNanos() / 1e9);
                    boolean warmup = run < warmups;
                    System.out.printf(Locale.ROOT, "%-22s %-8s %6.2f s (net %6.2f s)  %8.2f M words/s  %7.1f MB/s  %8.2f M lines/s%n",
                            job, warmup ? "warm-up" : "run " + (run - warmups + 1), seconds, sample.netSeconds(),
                            data.words() / seconds / 1e6, data.bytes() / seconds / 1e6, data.lines() / seconds / 1e6);
                    if (!warmup) {
                        samples.add(sample);
                    }
                }
                results.put(job, samples);
            }
        } finally {
            StreamEnvironment.resetContext();
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "Summary: median of %d run(s), parallelism %d, %d TaskManager(s) x %d slot(s)%n",
                runs, parallelism, taskManagers, slotsPerTaskManager);
        for (Map.Entry<String, List<Sample>> e : results.entrySet()) {
            double[] seconds = e.getValue().stream().mapToDouble(Sample::seconds).sorted().toArray();
            double median = seconds[seconds.length / 2];
            System.out.printf(Locale.ROOT, "%-22s median %6.2f s (min %.2f, max %.2f)  %8.2f M words/s  %7.1f MB/s%n",
                    e.getKey(), median, seconds[0], seconds[seconds.length - 1], data.words() / median / 1e6,
                    data.bytes() / median / 1e6);
        }
        // Akka and Netty threads of the closed cluster must not keep the JVM alive.
        System.exit(0);
    }

    private static void usage() {
        System.out.println("""
                usage: DataflowThroughputBenchmark [--jobs read-text,...] [--size-mb 200] [--files 4]
                         [--parallelism 2] [--runs 3] [--warmups 1] [--taskmanagers 1]
                         [--data-dir benchmarks/target/wordcount-data]
                  jobs: """ + String.join(", ", DataflowJobs.names()));
    }

    /** The generated input and what the independent counter found in it. */
    record InputData(int files, long bytes, long lines, long words) {

        /** Generates the files unless a previous run left the same ones; counts are cached next to them. */
        static InputData prepare(Path dir, int sizeMb, int files) throws IOException {
            Path marker = dir.resolve("_INPUT");
            String spec = "size-mb=" + sizeMb + " files=" + files + " vocabulary=10000 seed=1";
            if (Files.exists(marker)) {
                String[] saved = Files.readString(marker).trim().split("\n");
                if (saved.length == 2 && saved[0].equals(spec)) {
                    long[] n = Arrays.stream(saved[1].split(" ")).mapToLong(Long::parseLong).toArray();
                    return new InputData(files, n[0], n[1], n[2]);
                }
            }
            System.out.printf(Locale.ROOT, "generating %d MB of text in %d files under %s ...%n", sizeMb, files, dir);
            if (Files.exists(dir)) {
                try (Stream<Path> old = Files.list(dir)) {
                    for (Path p : old.toList()) {
                        Files.delete(p);
                    }
                }
            }
            List<Path> paths = new TextGenerator(10_000, 1).writeFiles(dir, files, (long) sizeMb << 20);
            long bytes = 0;
            long lines = 0;
            for (Path p : paths) {
                bytes += Files.size(p);
                try (Stream<String> s = Files.lines(p, StandardCharsets.UTF_8)) {
                    lines += s.count();
                }
            }
            long words = WordCounter.total(WordCounter.count(paths));
            // '_' keeps the marker out of the job's input (readTextFile skips such names)
            Files.writeString(marker, spec + "\n" + bytes + " " + lines + " " + words + "\n");
            return new InputData(files, bytes, lines, words);
        }
    }
}
