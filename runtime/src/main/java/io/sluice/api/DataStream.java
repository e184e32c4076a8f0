package io.sluice.api;

import io.sluice.api.functions.FilterFunction;
import io.sluice.api.functions.MapFunction;
import io.sluice.api.streamgraph.OneInputTransformation;
import io.sluice.api.streamgraph.SinkTransformation;
import io.sluice.api.streamgraph.Transformation;
import io.sluice.streaming.DiscardSink;
import io.sluice.streaming.FilterOperator;
import io.sluice.streaming.MapOperator;
import io.sluice.streaming.OneInputOperator;
import io.sluice.streaming.TextFileSink;

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
        return transform("Map", new MapOperator<>(function));
    }

    public DataStream<T> filter(FilterFunction<T> function) {
        return transform("Filter", new FilterOperator<>(function));
    }

    /** Applies an operator; the way in for operators the API has no method for yet. */
    public <R> DataStream<R> transform(String name, OneInputOperator<T, R> operator) {
        return new DataStream<>(env, new OneInputTransformation<>(env.nextTransformationId(), name, transformation, operator));
    }

    /**
     * Writes one line per record to {@code path/part-<subtask>} through the Hadoop FileSystem API
     * ({@code file://}, {@code hdfs://}; a path without a scheme uses {@code fs.defaultFS}).
     */
    public DataStreamSink<T> writeAsText(String path) {
        return addSink("Text Sink", new TextFileSink<>(path));
    }

    /** Drops every record; for benchmarks. */
    public DataStreamSink<T> discard() {
        return addSink("Discard Sink", new DiscardSink<>());
    }

    public DataStreamSink<T> addSink(String name, OneInputOperator<T, Void> operator) {
        SinkTransformation<T> sink = new SinkTransformation<>(env.nextTransformationId(), name, transformation, operator);
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
        return partition(new io.sluice.network.partitioner.RebalancePartitioner<>());
    }

    /** Round robin to a subset of the next operator's instances (fewer connections than rebalance). */
    public DataStream<T> rescale() {
        return partition(new io.sluice.network.partitioner.RescalePartitioner<>(
                env.getParallelismOf(transformation)));
    }

    /** Every record to every parallel instance of the next operator. */
    public DataStream<T> broadcast() {
        return partition(new io.sluice.network.partitioner.BroadcastPartitioner<>());
    }

    /** Subtask i to subtask i of the next operator, which must have the same parallelism. */
    public DataStream<T> forward() {
        return partition(new io.sluice.network.partitioner.ForwardPartitioner<>());
    }

    /** A uniformly random parallel instance of the next operator per record. */
    public DataStream<T> shuffle() {
        return partition(new io.sluice.network.partitioner.ShufflePartitioner<>());
    }

    private DataStream<T> partition(io.sluice.network.partitioner.StreamPartitioner<T> partitioner) {
        return new DataStream<>(env, new io.sluice.api.streamgraph.PartitionTransformation<>(
                env.nextTransformationId(), transformation, partitioner));
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
        return transform("FlatMap", new io.sluice.streaming.operators.FlatMapOperator<>(function));
    }

    /**
     * Runs a {@link io.sluice.api.functions.ProcessFunction}: any number of outputs, the record's
     * timestamp, side outputs through {@code ctx.output(tag, value)} (read them with
     * {@link #getSideOutput} on the returned stream).
     */
    public <R> DataStream<R> process(io.sluice.api.functions.ProcessFunction<T, R> function) {
        return transform("Process", new io.sluice.streaming.operators.ProcessOperator<>(function));
    }

    /**
     * Gives records event timestamps and emits watermarks as the strategy says (periodically, every
     * {@code pipeline.auto-watermark-interval}); event-time windows and timers downstream depend on it.
     */
    public DataStream<T> assignTimestampsAndWatermarks(io.sluice.api.eventtime.WatermarkStrategy<T> strategy) {
        return transform("Timestamps/Watermarks", new io.sluice.streaming.operators.TimestampsAndWatermarksOperator<>(strategy));
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
