package io.sluice.api.streamgraph;

import io.sluice.api.common.JobId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The user's program as a graph of transformations: everything that flows into one of the sinks,
 * with the settings that apply to the whole job. Unset parallelism resolves to the default here.
 */
public final class StreamGraph {

    private final JobId jobId = JobId.generate();
    private final String jobName;
    private final List<Transformation<?>> transformations;
    private final Map<Transformation<?>, List<Transformation<?>>> consumers = new HashMap<>();
    private final int defaultParallelism;
    private final int maxParallelism;
    private final Map<String, String> jobConfiguration;

    public StreamGraph(String jobName, List<? extends Transformation<?>> sinks, int defaultParallelism,
                       int maxParallelism, Map<String, String> jobConfiguration) {
        this.jobName = jobName;
        this.defaultParallelism = defaultParallelism;
        this.maxParallelism = maxParallelism;
        this.jobConfiguration = new LinkedHashMap<>(jobConfiguration);
        this.transformations = reachableFrom(sinks);
        for (Transformation<?> t : transformations) {
            consumers.putIfAbsent(t, new ArrayList<>());
            for (Transformation<?> input : t.inputs()) {
                consumers.computeIfAbsent(input, k -> new ArrayList<>()).add(t);
            }
        }
    }

    /** Walks upstream from the sinks; the result is in creation order, so inputs come before consumers. */
    private static List<Transformation<?>> reachableFrom(List<? extends Transformation<?>> sinks) {
        Map<Transformation<?>, Boolean> seen = new HashMap<>();
        Deque<Transformation<?>> pending = new ArrayDeque<>(sinks);
        while (!pending.isEmpty()) {
            Transformation<?> t = pending.pop();
            if (seen.putIfAbsent(t, Boolean.TRUE) == null) {
                pending.addAll(t.inputs());
            }
        }
        List<Transformation<?>> ordered = new ArrayList<>(seen.keySet());
        ordered.sort(Comparator.comparingInt(Transformation::id));
        return List.copyOf(ordered);
    }

    /** The id the job will run under; fixed when the graph is built, so a failed submission can name it. */
    public JobId jobId() {
        return jobId;
    }

    public String jobName() {
        return jobName;
    }

    /** Every transformation of the job, inputs before their consumers. */
    public List<Transformation<?>> transformations() {
        return transformations;
    }

    public List<Transformation<?>> sources() {
        return transformations.stream().filter(t -> t.inputs().isEmpty()).toList();
    }

    public List<Transformation<?>> sinks() {
        return transformations.stream().filter(t -> t instanceof SinkTransformation<?>).toList();
    }

    /** The transformations reading {@code t}'s records, in creation order. */
    public List<Transformation<?>> consumersOf(Transformation<?> t) {
        return List.copyOf(consumers.getOrDefault(t, List.of()));
    }

    /** The parallelism {@code t} runs with: its own, else the job's default. */
    public int parallelismOf(Transformation<?> t) {
        return t.parallelism() == Transformation.DEFAULT_PARALLELISM ? defaultParallelism : t.parallelism();
    }

    public int defaultParallelism() {
        return defaultParallelism;
    }

    private boolean chainingEnabled = true;

    /** False when the program disabled chaining for the whole job. */
    public boolean chainingEnabled() {
        return chainingEnabled;
    }

    public void setChainingEnabled(boolean chainingEnabled) {
        this.chainingEnabled = chainingEnabled;
    }

    public int maxParallelism() {
        return maxParallelism;
    }

    public Map<String, String> jobConfiguration() {
        return Map.copyOf(jobConfiguration);
    }
}
