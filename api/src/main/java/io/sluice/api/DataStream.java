package io.sluice.api;

import io.sluice.api.functions.FilterFunction;
import io.sluice.api.functions.MapFunction;
import io.sluice.api.streamgraph.OneInputTransformation;
import io.sluice.api.streamgraph.SinkTransformation;
import io.sluice.api.streamgraph.Transformation;
import io.sluice.api.connector.FileConnectors;
import io.sluice.api.connector.sink.Sink;
import io.sluice.api.connector.sink.builtin.DiscardingSink;
import io.sluice.api.connector.sink.builtin.PrintSink;
import io.sluice.api.streamgraph.Operation;
import io.sluice.api.streamgraph.Operations;
import io.sluice.api.streamgraph.Partitioning;

/**
 * A stream of records of type {@code T}: the output of one operator. Transformations return new
 * streams; {@link #name}, {@link #uid} and {@link #setParallelism} configure the operator that
 * produces this stream. Records passed between operators must be treated as immutable.
 */
public class DataStream<T> {

    private final StreamEnvironment env;
    private final Transformation<T> transformation;

    DataStream(StreamEnvironment env, Transformation<T> transformation) {
        this.env = env;
        this.transformation = transformation;
    }

    public <R> DataStream<R> map(MapFunction<T, R> function) {
        return transform("Map", new Operations.Map<>(requireFunction(function)));
    }

    public DataStream<T> filter(FilterFunction<T> function) {
        return transform("Filter", new Operations.Filter<>(requireFunction(function)));
    }

    /**
     * Applies an operation the API has no method for: one that the runtime or a connector provides
     * (the runtime turns it into an operator when it translates the job).
     */
    public <R> DataStream<R> transform(String name, Operation operation) {
        return new DataStream<>(env, new OneInputTransformation<>(env.nextTransformationId(), name, transformation, operation));
    }

    static <F> F requireFunction(F function) {
        return java.util.Objects.requireNonNull(function, "function must not be null");
    }

    /**
     * Writes one line per record to {@code path/part-<subtask>} through the Hadoop FileSystem API
     * ({@code file://}, {@code hdfs://}; a path without a scheme uses {@code fs.defaultFS}).
     */
    public DataStreamSink<T> writeAsText(String path) {
        return writeAsText(path, WriteMode.OVERWRITE);
    }

    /**
     * Writes like {@link #writeAsText(String)}; {@code writeMode} says what happens to the output of
     * an earlier run (see {@link WriteMode}; {@link #writeAsText(String)} overwrites).
     */
    public DataStreamSink<T> writeAsText(String path, WriteMode writeMode) {
        return addSink("Text Sink", new Operations.SinkTo<>(FileConnectors.load().<T>textFileSink(path, writeMode)));
    }

    /**
     * Prints each record to the standard output of the process its subtask runs in (the
     * TaskManager's {@code .out} file / console; the console in a local run), as
     * {@code <subtask index + 1>> value} when the sink runs in parallel.
     */
    public DataStreamSink<T> print() {
        return addSink("Print to Std. Out", new Operations.SinkTo<>(new PrintSink<T>("", false)));
    }

    /** Like {@link #print()}, with lines {@code prefix:<subtask>> value} ({@code prefix> value} at parallelism 1). */
    public DataStreamSink<T> print(String prefix) {
        return addSink("Print to Std. Out", new Operations.SinkTo<>(new PrintSink<T>(prefix, false)));
    }

    /** Like {@link #print()}, to the standard error. */
    public DataStreamSink<T> printToErr() {
        return addSink("Print to Std. Err", new Operations.SinkTo<>(new PrintSink<T>("", true)));
    }

    /** Drops every record; for benchmarks. */
    public DataStreamSink<T> discard() {
        return addSink("Discard Sink", new Operations.SinkTo<>(new DiscardingSink<T>()));
    }

    /** Writes to a public {@link Sink} (a connector's, or one of the program's own). */
    public DataStreamSink<T> sinkTo(Sink<T, ?> sink) {
        return addSink(sink.getClass().getSimpleName(), new Operations.SinkTo<>(sink));
    }

    /** Like {@link #sinkTo(Sink)}, with the name the operator shows in logs and the web UI. */
    public DataStreamSink<T> sinkTo(Sink<T, ?> sink, String name) {
        return addSink(name, new Operations.SinkTo<>(sink));
    }

    /** Ends the stream in a sink operation the runtime or a connector provides. */
    public DataStreamSink<T> addSink(String name, Operation operation) {
        SinkTransformation<T> sink = new SinkTransformation<>(env.nextTransformationId(), name, transformation, operation);
        env.addSink(sink);
        return new DataStreamSink<>(sink);
    }

    /** Display name of the operator producing this stream (logs, web UI, vertex name). */
    public DataStream<T> name(String name) {
        transformation.setName(name);
        return this;
    }

    /** Stable id of the operator producing this stream; keeps its identity (and later its state) across program changes. */
    public DataStream<T> uid(String uid) {
        transformation.setUid(uid);
        return this;
    }

    public DataStream<T> setParallelism(int parallelism) {
        transformation.setParallelism(parallelism);
        return this;
    }

    // ---- structure: partitioning, union, connect, side outputs, chaining (network work) ----

    /**
     * Partitions the stream by the key {@code keySelector} extracts: records with equal keys go to
     * the same parallel instance of the next operator (the owner of the key's key group).
     */
    public <K> KeyedStream<T, K> keyBy(io.sluice.api.functions.KeySelector<T, K> keySelector) {
        java.util.Objects.requireNonNull(keySelector, "keySelector must not be null");
        return new KeyedStream<>(this, keySelector);
    }

    /** Round robin to all parallel instances of the next operator (evens out skew). */
    public DataStream<T> rebalance() {
        return partition(new Partitioning.Rebalance());
    }

    /** Round robin to a subset of the next operator's instances (fewer connections than rebalance). */
    public DataStream<T> rescale() {
        return partition(new Partitioning.Rescale());
    }

    /** Every record to every parallel instance of the next operator. */
    public DataStream<T> broadcast() {
        return partition(new Partitioning.Broadcast());
    }

    /** Subtask i to subtask i of the next operator, which must have the same parallelism. */
    public DataStream<T> forward() {
        return partition(new Partitioning.Forward());
    }

    /** A uniformly random parallel instance of the next operator per record. */
    public DataStream<T> shuffle() {
        return partition(new Partitioning.Shuffle());
    }

    private DataStream<T> partition(Partitioning partitioning) {
        return new DataStream<>(env, new io.sluice.api.streamgraph.PartitionTransformation<>(
                env.nextTransformationId(), transformation, partitioning));
    }

    /** This stream and {@code others} (of the same type) as one stream. */
    @SafeVarargs
    public final DataStream<T> union(DataStream<T>... others) {
        java.util.List<Transformation<T>> inputs = new java.util.ArrayList<>();
        inputs.add(transformation);
        for (DataStream<T> other : others) {
            if (other.env != env) {
                throw new IllegalArgumentException("cannot union streams of different StreamEnvironments");
            }
            inputs.add(other.transformation);
        }
        if (inputs.size() == 1) {
            return this;
        }
        return new DataStream<>(env, new io.sluice.api.streamgraph.UnionTransformation<>(
                env.nextTransformationId(), inputs));
    }

    /** Connects this stream with another (of any type) for a two-input operator (co-map, co-flatMap). */
    public <R> ConnectedStreams<T, R> connect(DataStream<R> other) {
        if (other.env != env) {
            throw new IllegalArgumentException("cannot connect streams of different StreamEnvironments");
        }
        return new ConnectedStreams<>(env, this, other);
    }

    /** The records the operator producing this stream emitted to the side output {@code tag}. */
    public <X> DataStream<X> getSideOutput(OutputTag<X> tag) {
        java.util.Objects.requireNonNull(tag, "tag must not be null");
        if (transformation.isVirtual()) {
            throw new IllegalStateException("getSideOutput must be called on the stream an operator produces "
                    + "(e.g. the result of process(...)), not after keyBy/union/partitioning");
        }
        return new DataStream<>(env, new io.sluice.api.streamgraph.SideOutputTransformation<>(
                env.nextTransformationId(), transformation, tag));
    }

    /** Runs the operator producing this stream in its own task, chained to neither its input nor its consumers. */
    public DataStream<T> disableChaining() {
        transformation.setChainingStrategy(Transformation.ChainingStrategy.NEVER);
        return this;
    }

    /** Starts a new chain at the operator producing this stream; its consumers may still chain to it. */
    public DataStream<T> startNewChain() {
        transformation.setChainingStrategy(Transformation.ChainingStrategy.HEAD);
        return this;
    }

    // ---- functions, process functions and event time (state and time) ----

    /** Turns each record into zero or more records; results keep the input's timestamp. */
    public <R> DataStream<R> flatMap(io.sluice.api.functions.FlatMapFunction<T, R> function) {
        return transform("FlatMap", new Operations.FlatMap<>(requireFunction(function)));
    }

    /**
     * Runs a {@link io.sluice.api.functions.ProcessFunction}: any number of outputs, the record's
     * timestamp, side outputs through {@code ctx.output(tag, value)} (read them with
     * {@link #getSideOutput} on the returned stream).
     */
    public <R> DataStream<R> process(io.sluice.api.functions.ProcessFunction<T, R> function) {
        return transform("Process", new Operations.Process<>(requireFunction(function)));
    }

    /**
     * Gives records event timestamps and emits watermarks as the strategy says (periodically, every
     * {@code pipeline.auto-watermark-interval}); event-time windows and timers downstream depend on it.
     */
    public DataStream<T> assignTimestampsAndWatermarks(io.sluice.api.eventtime.WatermarkStrategy<T> strategy) {
        return transform("Timestamps/Watermarks", new Operations.AssignTimestampsAndWatermarks<>(
                java.util.Objects.requireNonNull(strategy, "watermark strategy must not be null")));
    }

    /** Windows over the whole stream, evaluated by one instance (parallelism 1); e.g. a global count per minute. */
    public <W extends io.sluice.api.windowing.windows.Window> io.sluice.api.windowing.AllWindowedStream<T, W> windowAll(
            io.sluice.api.windowing.assigners.WindowAssigner<? super T, W> assigner) {
        KeyedStream<T, Integer> all = keyBy(value -> 0);
        return new io.sluice.api.windowing.AllWindowedStream<>(all.window(assigner));
    }

    /** Every {@code size} records of the whole stream form a window, evaluated by one instance. */
    public io.sluice.api.windowing.AllWindowedStream<T, io.sluice.api.windowing.windows.GlobalWindow> countWindowAll(long size) {
        KeyedStream<T, Integer> all = keyBy(value -> 0);
        return new io.sluice.api.windowing.AllWindowedStream<>(all.countWindow(size));
    }

    public StreamEnvironment getEnvironment() {
        return env;
    }

    public Transformation<T> getTransformation() {
        return transformation;
    }
}
