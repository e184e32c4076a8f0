package io.sluice.api;

import io.sluice.api.streamgraph.SinkTransformation;
import io.sluice.api.streamgraph.SourceTransformation;
import io.sluice.api.streamgraph.StreamGraph;
import io.sluice.api.common.JobId;
import io.sluice.api.connector.FileConnectors;
import io.sluice.api.connector.source.Source;
import io.sluice.api.connector.source.builtin.CollectionSource;
import io.sluice.api.connector.source.builtin.SequenceSource;
import io.sluice.api.connector.source.builtin.SocketTextSource;
import io.sluice.api.streamgraph.Operation;
import io.sluice.api.streamgraph.Operations;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of a streaming program: creates sources, holds job-wide settings, and runs the
 * program's sinks as one job through a {@link PipelineExecutor}.
 *
 * <p>{@link #getExecutionEnvironment()} returns an environment bound to the context executor that
 * the CLI installed, or, in a plain JVM, to a local executor found through {@link ServiceLoader}.
 */
public final class StreamEnvironment {

    private static final Logger LOG = LoggerFactory.getLogger(StreamEnvironment.class);

    public static final int DEFAULT_MAX_PARALLELISM = 128;

    /** Job setting keys this environment writes; the runtime's options of the same meaning use them. */
    public static final String BUFFER_TIMEOUT_KEY = "execution.buffer-timeout";
    public static final String REGISTERED_TYPES_KEY = "pipeline.registered-types";
    /** Upper bound of the max parallelism (number of key groups). */
    public static final int UPPER_BOUND_MAX_PARALLELISM = 1 << 15;

    private record Context(PipelineExecutor executor, int defaultParallelism) {
    }

    // Global rather than thread-local: a user's main() may build its job on a thread of its own.
    private static volatile Context context;

    private final PipelineExecutor contextExecutor;
    private final Map<String, String> jobConfiguration = new LinkedHashMap<>();
    private final List<SinkTransformation<?>> sinks = new ArrayList<>();
    private int parallelism;
    private int maxParallelism = DEFAULT_MAX_PARALLELISM;
    private int nextTransformationId;

    private StreamEnvironment(PipelineExecutor contextExecutor, int parallelism) {
        this.contextExecutor = contextExecutor;
        this.parallelism = parallelism;
    }

    /** The context environment if one was installed, else a local one with one subtask per core. */
    public static StreamEnvironment getExecutionEnvironment() {
        Context installed = context;
        if (installed != null) {
            return new StreamEnvironment(installed.executor(), installed.defaultParallelism());
        }
        return new StreamEnvironment(null, Runtime.getRuntime().availableProcessors());
    }

    /** Called by the CLI (or a test) before the user's main(): jobs go to {@code executor}. */
    public static void initializeContext(PipelineExecutor executor, int defaultParallelism) {
        Objects.requireNonNull(executor, "executor must not be null");
        checkParallelism(defaultParallelism, "default parallelism");
        context = new Context(executor, defaultParallelism);
    }

    /** Removes the context installed by {@link #initializeContext}. */
    public static void resetContext() {
        context = null;
    }

    /** Parallelism of every operator that does not set its own. */
    public StreamEnvironment setParallelism(int parallelism) {
        checkParallelism(parallelism, "parallelism");
        this.parallelism = parallelism;
        return this;
    }

    public int getParallelism() {
        return parallelism;
    }

    /** Upper bound for rescaling a job; the number of key groups of keyed state. */
    public StreamEnvironment setMaxParallelism(int maxParallelism) {
        if (maxParallelism < 1 || maxParallelism > UPPER_BOUND_MAX_PARALLELISM) {
            throw new IllegalArgumentException("max parallelism must be between 1 and "
                    + UPPER_BOUND_MAX_PARALLELISM + ", was " + maxParallelism);
        }
        this.maxParallelism = maxParallelism;
        return this;
    }

    public int getMaxParallelism() {
        return maxParallelism;
    }

    /**
     * Takes a checkpoint every {@code intervalMillis}, exactly once: on a failure the job resumes from
     * its latest checkpoint instead of its beginning.
     */
    public StreamEnvironment enableCheckpointing(long intervalMillis) {
        return enableCheckpointing(intervalMillis, io.sluice.api.checkpoint.CheckpointingMode.EXACTLY_ONCE);
    }

    public StreamEnvironment enableCheckpointing(long intervalMillis,
                                                 io.sluice.api.checkpoint.CheckpointingMode mode) {
        if (intervalMillis <= 0) {
            throw new IllegalArgumentException("checkpoint interval must be positive, was " + intervalMillis + " ms");
        }
        getCheckpointConfig().setCheckpointInterval(java.time.Duration.ofMillis(intervalMillis)).setCheckpointingMode(mode);
        return this;
    }

    /** The job's checkpoint settings (over the cluster's). */
    public CheckpointConfig getCheckpointConfig() {
        return new CheckpointConfig(jobConfiguration);
    }

    /** A per-job setting over the cluster configuration, e.g. {@code restart-strategy.type}. */
    public StreamEnvironment setJobConfiguration(String key, String value) {
        Objects.requireNonNull(key, "key must not be null");
        Objects.requireNonNull(value, "value of '" + key + "' must not be null");
        jobConfiguration.put(key, value);
        return this;
    }

    public Map<String, String> getJobConfiguration() {
        return Map.copyOf(jobConfiguration);
    }

    /** The numbers {@code from..to} (both inclusive), each emitted once by one of the parallel subtasks. */
    public DataStream<Long> fromSequence(long from, long to) {
        return fromSequence(from, to, 0);
    }

    /**
     * Like {@link #fromSequence(long, long)}, with each subtask emitting at most
     * {@code recordsPerSecondPerSubtask} records per second (0 = unlimited).
     */
    public DataStream<Long> fromSequence(long from, long to, long recordsPerSecondPerSubtask) {
        return fromSource(new SequenceSource(from, to, recordsPerSecondPerSubtask), "Sequence Source");
    }

    // ---- sources: collections, text files, sockets ------------------------------------------

    /**
     * The given elements, each emitted once by one of the parallel instances (in order within an
     * instance). They are Java-serialized into the job when this method is called.
     *
     * @throws IllegalArgumentException if an element is null or not serializable
     */
    @SafeVarargs
    public final <T> DataStream<T> fromElements(T... elements) {
        java.util.Objects.requireNonNull(elements, "elements must not be null");
        return fromCollection(java.util.Arrays.asList(elements));
    }

    /**
     * The collection's elements, split across the parallel instances like {@link #fromSequence}.
     * They are Java-serialized into the job when this method is called: later changes to the
     * collection do not reach the job.
     *
     * @throws IllegalArgumentException if an element is null or not serializable
     */
    public <T> DataStream<T> fromCollection(java.util.Collection<T> collection) {
        return fromSource(new CollectionSource<>(collection), "Collection Source");
    }

    /**
     * The lines of a text file, of the files under a directory (recursively), or of the files a glob
     * matches, through the Hadoop FileSystem API ({@code file://}, {@code hdfs://}; without a scheme
     * {@code fs.defaultFS} applies). Names starting with {@code .} or {@code _} are skipped inside
     * directories. The files are listed now, when the job is built, and cut into byte-range splits
     * that the parallel instances share; every line is emitted once.
     *
     * @throws IllegalArgumentException if the path does not exist or holds / matches no file
     */
    public DataStream<String> readTextFile(String path) {
        return readTextFile(path, FileConnectors.DEFAULT_MAX_SPLIT_BYTES);
    }

    /** {@link #readTextFile(String)} with splits of at most {@code maxSplitBytes}. */
    public DataStream<String> readTextFile(String path, long maxSplitBytes) {
        return fromSource(FileConnectors.load().textFileSource(path, maxSplitBytes), "Text File Source " + path);
    }

    /** Lines read from a TCP server until it closes the connection; runs with parallelism 1. */
    public DataStream<String> socketTextStream(String host, int port) {
        return socketTextStream(host, port, "\n", 0);
    }

    /** Records cut at {@code delimiter} read from a TCP server until it closes the connection. */
    public DataStream<String> socketTextStream(String host, int port, String delimiter) {
        return socketTextStream(host, port, delimiter, 0);
    }

    /**
     * Records cut at {@code delimiter} read from a TCP server; when the server closes the connection
     * the source connects again, up to {@code maxReconnects} times (-1 = forever, 0 = the input ends).
     */
    public DataStream<String> socketTextStream(String host, int port, String delimiter, long maxReconnects) {
        SourceTransformation<String> transformation = new SourceTransformation<>(nextTransformationId(),
                "Socket Source " + host + ":" + port,
                new Operations.FromSource<>(new SocketTextSource(host, port, delimiter, maxReconnects)));
        transformation.setParallelism(1);
        return new DataStream<>(this, transformation);
    }

    /**
     * Reads a public {@link Source}: a connector's, or one the program implements itself (see
     * {@link io.sluice.api.connector.source.Source} for the contract). The source is Java-serialized
     * into the job.
     */
    public <T> DataStream<T> fromSource(Source<T, ?> source, String name) {
        Objects.requireNonNull(source, "source must not be null");
        return new DataStream<>(this, new SourceTransformation<>(nextTransformationId(), name,
                new Operations.FromSource<>(source)));
    }

    /** A source operation the runtime or a connector provides (the runtime turns it into an operator). */
    public <T> DataStream<T> addSource(String name, Operation source) {
        Objects.requireNonNull(source, "source must not be null");
        return new DataStream<>(this, new SourceTransformation<>(nextTransformationId(), name, source));
    }

    /**
     * What flows into the sinks defined so far, with this environment's settings: what an executor
     * translates into a job graph. Does not run anything.
     */
    public StreamGraph getStreamGraph(String jobName) {
        Objects.requireNonNull(jobName, "job name must not be null");
        StreamGraph graph = new StreamGraph(jobName, sinks, parallelism, maxParallelism, jobConfiguration);
        graph.setChainingEnabled(chainingEnabled);
        return graph;
    }

    /**
     * Runs the job and waits for it to end.
     *
     * @throws JobExecutionException if the job cannot be submitted, fails (the cause is the failure), or is cancelled
     * @throws InvalidJobException   if the program cannot be turned into a job
     */
    public JobExecutionResult execute(String jobName) throws JobExecutionException {
        JobClient client = executeAsync(jobName);
        try {
            return client.result().get();
        } catch (ExecutionException | CompletionException e) {
            throw failure(client.jobId(), jobName, e.getCause() == null ? e : e.getCause());
        } catch (CancellationException e) {
            throw failure(client.jobId(), jobName, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            client.cancel();
            throw new JobExecutionException(client.jobId(), "interrupted while waiting for job '" + jobName
                    + "' (" + client.jobId() + "); the job was asked to cancel", e);
        }
    }

    /**
     * Submits the job and returns at once. The sinks defined so far belong to this job: the
     * environment starts empty for the next one.
     */
    public JobClient executeAsync(String jobName) throws JobExecutionException {
        StreamGraph streamGraph = getStreamGraph(jobName);
        sinks.clear();
        PipelineExecutor executor = contextExecutor != null ? contextExecutor : localExecutor();
        try {
            JobClient client = executor.execute(streamGraph);
            if (client == null) {
                throw new IllegalStateException(executor.getClass().getName() + " returned no job client");
            }
            return client;
        } catch (InvalidJobException e) {
            throw e; // the program's mistake, found while translating: its message says what to change
        } catch (Exception e) {
            throw new JobExecutionException(streamGraph.jobId(), "could not submit job '" + jobName + "' ("
                    + streamGraph.jobId() + "): " + e.getMessage(), e);
        }
    }

    private static JobExecutionException failure(JobId jobId, String jobName, Throwable cause) {
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof JobExecutionException e) {
            return e;
        }
        String what = cause instanceof CancellationException ? "was cancelled" : "failed";
        return new JobExecutionException(jobId, "job '" + jobName + "' (" + jobId + ") " + what + ": " + cause, cause);
    }

    private static PipelineExecutor localExecutor() {
        Iterator<PipelineExecutorFactory> factories = ServiceLoader.load(PipelineExecutorFactory.class).iterator();
        if (!factories.hasNext()) {
            throw new IllegalStateException("no local executor on the classpath: run the program with "
                    + "'bin/sluice run', or add sluice-runtime's local cluster to the classpath to run it in this JVM");
        }
        PipelineExecutorFactory factory = factories.next();
        if (factories.hasNext()) {
            LOG.warn("Several local executors on the classpath; using {}", factory.getClass().getName());
        }
        return factory.create();
    }

    private static void checkParallelism(int parallelism, String what) {
        if (parallelism < 1) {
            throw new IllegalArgumentException(what + " must be at least 1, was " + parallelism);
        }
    }

    // ---- network settings (network work) ----

    private boolean chainingEnabled = true;

    /**
     * Longest time (milliseconds) a record waits in a partly filled network buffer before it is sent:
     * 0 sends after every record (lowest latency, lowest throughput); the default is 100.
     */
    public StreamEnvironment setBufferTimeout(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("buffer timeout must be 0 (flush after every record) or positive, was "
                    + millis);
        }
        jobConfiguration.put(BUFFER_TIMEOUT_KEY, millis + " ms");
        return this;
    }

    /** The buffer timeout set on this environment in milliseconds, or -1 if the cluster's applies. */
    public long getBufferTimeout() {
        String value = jobConfiguration.get(BUFFER_TIMEOUT_KEY);
        return value == null ? -1 : parseMillis(value);
    }

    /**
     * Registers a record value class with the serializer, so records of it travel between tasks with a
     * small id instead of their class name. Register the same classes in the same order in every
     * program version whose tasks exchange data.
     */
    public StreamEnvironment registerType(Class<?> type) {
        Objects.requireNonNull(type, "type must not be null");
        String key = REGISTERED_TYPES_KEY;
        String current = jobConfiguration.get(key);
        java.util.List<String> names = current == null || current.isBlank() ? new ArrayList<>()
                : new ArrayList<>(java.util.Arrays.asList(current.split(";")));
        if (!names.contains(type.getName())) {
            names.add(type.getName());
        }
        jobConfiguration.put(key, String.join(";", names));
        return this;
    }

    /** Runs every operator in its own task (for debugging; costs a network hop per operator). */
    public StreamEnvironment disableOperatorChaining() {
        chainingEnabled = false;
        return this;
    }

    public boolean isChainingEnabled() {
        return chainingEnabled;
    }

    /** The parallelism {@code t} will run with: its own, else this environment's. */
    int getParallelismOf(io.sluice.api.streamgraph.Transformation<?> t) {
        return t.parallelism() == io.sluice.api.streamgraph.Transformation.DEFAULT_PARALLELISM ? parallelism
                : t.parallelism();
    }

    int nextTransformationId() {
        return nextTransformationId++;
    }

    void addSink(SinkTransformation<?> sink) {
        sinks.add(sink);
    }

    /** Reads the buffer timeout back: what setBufferTimeout wrote, or a setting such as "5 s" or "100 ms". */
    private static long parseMillis(String value) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\s*(\\d+)\\s*(ms|s|min)?\\s*").matcher(value);
        if (!m.matches()) {
            throw new IllegalStateException("job setting " + BUFFER_TIMEOUT_KEY + " = '" + value
                    + "' is not a duration such as '100 ms'");
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2);
        return switch (unit) {
            case "s" -> amount * 1000;
            case "min" -> amount * 60_000;
            default -> amount;
        };
    }
}
