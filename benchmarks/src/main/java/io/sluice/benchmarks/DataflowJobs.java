package io.sluice.benchmarks;

import io.sluice.api.StreamEnvironment;
import io.sluice.examples.wordcount.WordCount;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/** The jobs {@link DataflowThroughputBenchmark} can run: each adds its pipeline over an input path to an environment. */
final class DataflowJobs {

    private static final Map<String, BiConsumer<StreamEnvironment, String>> JOBS = new LinkedHashMap<>();

    static {
        JOBS.put("read-text", (env, input) -> env.readTextFile(input).discard());
        // the example's pipelines: final counts (one record per word at the end of input) and the
        // running count after every word, which is what Flink's streaming WordCount figure measures
        JOBS.put("wordcount", (env, input) -> WordCount.finalCounts(env.readTextFile(input)).discard());
        JOBS.put("wordcount-updates", (env, input) -> WordCount.runningCounts(env.readTextFile(input)).discard());
    }

    private DataflowJobs() {
    }

    static BiConsumer<StreamEnvironment, String> get(String name) {
        BiConsumer<StreamEnvironment, String> job = JOBS.get(name);
        if (job == null) {
            throw new IllegalArgumentException("unknown job '" + name + "'; known: " + names());
        }
        return job;
    }

    static List<String> names() {
        return List.copyOf(JOBS.keySet());
    }
}
