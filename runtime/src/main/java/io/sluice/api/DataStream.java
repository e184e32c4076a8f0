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

    /**
     * Writes like {@link #writeAsText(String)}; {@code writeMode} says what happens to the output of
     * an earlier run (see {@link WriteMode}; {@link #writeAsText(String)} overwrites).
     */
    public DataStreamSink<T> writeAsText(String path, WriteMode writeMode) {
        return addSink("Text Sink", new TextFileSink<>(path, writeMode));
    }

    /**
     * Prints each record to the standard output of the process its subtask runs in (the
     * TaskManager's {@code .out} file / console; the console in a local run), as
     * {@code <subtask index + 1>> value} when the sink runs in parallel.
     */
    public DataStreamSink<T> print() {
        return addSink("Print to Std. Out", new io.sluice.streaming.sink.PrintSink<>("", false));
    }

    /** Like {@link #print()}, with lines {@code prefix:<subtask>> value} ({@code prefix> value} at parallelism 1). */
    public DataStreamSink<T> print(String prefix) {
        return addSink("Print to Std. Out", new io.sluice.streaming.sink.PrintSink<>(prefix, false));
    }

    /** Like {@link #print()}, to the standard error. */
    public DataStreamSink<T> printToErr() {
        return addSink("Print to Std. Err", new io.sluice.streaming.sink.PrintSink<>("", true));
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

    public StreamEnvironment getEnvironment() {
        return env;
    }

    public Transformation<T> getTransformation() {
        return transformation;
    }
}
