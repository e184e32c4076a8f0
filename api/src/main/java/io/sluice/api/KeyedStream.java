package io.sluice.api;

import io.sluice.api.functions.FlatMapFunction;
import io.sluice.api.functions.KeySelector;
import io.sluice.api.functions.KeyedProcessFunction;
import io.sluice.api.functions.MapFunction;
import io.sluice.api.functions.ReduceFunction;
import io.sluice.api.functions.RichFunction;
import io.sluice.api.windowing.WindowedStream;
import io.sluice.api.windowing.assigners.WindowAssigner;
import io.sluice.api.windowing.windows.GlobalWindow;
import io.sluice.api.windowing.windows.Window;
import io.sluice.api.functions.aggregation.FieldAggregator;
import io.sluice.api.streamgraph.Operations;
import io.sluice.api.streamgraph.PartitionTransformation;
import io.sluice.api.streamgraph.Partitioning;

/**
 * A stream partitioned by key: every record with the same key goes to the same parallel instance of
 * the next operator (the one owning the key's key group), where keyed state and timers are scoped
 * to the key.
 *
 * @param <T> record type
 * @param <K> key type
 */
public class KeyedStream<T, K> extends DataStream<T> {

    private final KeySelector<T, K> keySelector;

    KeyedStream(DataStream<T> input, KeySelector<T, K> keySelector) {
        super(input.getEnvironment(), new PartitionTransformation<>(input.getEnvironment().nextTransformationId(),
                input.getTransformation(), new Partitioning.ByKey(keySelector)));
        this.keySelector = keySelector;
    }

    public KeySelector<T, K> getKeySelector() {
        return keySelector;
    }

    // ---- keyed state, aggregations, process functions and windows (state and time) ----

    /** Per key, combines each record with the previous result and emits the updated result (streaming reduce). */
    public DataStream<T> reduce(ReduceFunction<T> function) {
        return transform("Keyed Reduce", new Operations.KeyedReduce<>(keySelector, requireFunction(function)));
    }

    /** Running sum of a field per key, by tuple/record position (Tuple2 {@code f1} is 1); emits the updated record. */
    public DataStream<T> sum(int position) {
        return aggregate("Sum", FieldAggregator.byPosition(FieldAggregator.Kind.SUM, position));
    }

    /** Running sum of a record component by name ({@code "f1"}, or a component of your own record). */
    public DataStream<T> sum(String field) {
        return aggregate("Sum", FieldAggregator.byName(FieldAggregator.Kind.SUM, field));
    }

    /** Running minimum of a field; the other fields are those of the key's first record. */
    public DataStream<T> min(int position) {
        return aggregate("Min", FieldAggregator.byPosition(FieldAggregator.Kind.MIN, position));
    }

    public DataStream<T> min(String field) {
        return aggregate("Min", FieldAggregator.byName(FieldAggregator.Kind.MIN, field));
    }

    /** Running maximum of a field; the other fields are those of the key's first record. */
    public DataStream<T> max(int position) {
        return aggregate("Max", FieldAggregator.byPosition(FieldAggregator.Kind.MAX, position));
    }

    public DataStream<T> max(String field) {
        return aggregate("Max", FieldAggregator.byName(FieldAggregator.Kind.MAX, field));
    }

    /** The record with the smallest value of a field so far (the earlier one on ties). */
    public DataStream<T> minBy(int position) {
        return aggregate("MinBy", FieldAggregator.byPosition(FieldAggregator.Kind.MIN_BY, position));
    }

    public DataStream<T> minBy(String field) {
        return aggregate("MinBy", FieldAggregator.byName(FieldAggregator.Kind.MIN_BY, field));
    }

    /** The record with the largest value of a field so far (the earlier one on ties). */
    public DataStream<T> maxBy(int position) {
        return aggregate("MaxBy", FieldAggregator.byPosition(FieldAggregator.Kind.MAX_BY, position));
    }

    public DataStream<T> maxBy(String field) {
        return aggregate("MaxBy", FieldAggregator.byName(FieldAggregator.Kind.MAX_BY, field));
    }

    private DataStream<T> aggregate(String name, FieldAggregator<T> aggregator) {
        return transform(name, new Operations.KeyedReduce<>(keySelector, aggregator));
    }

    /** Runs a {@link KeyedProcessFunction}: keyed state, event- and processing-time timers per key, side outputs. */
    public <R> DataStream<R> process(KeyedProcessFunction<K, T, R> function) {
        return transform("Keyed Process", new Operations.KeyedProcess<>(keySelector, requireFunction(function)));
    }

    /** A rich flatMap on a keyed stream gets keyed state through its runtime context. */
    @Override
    public <R> DataStream<R> flatMap(FlatMapFunction<T, R> function) {
        if (function instanceof RichFunction) {
            return transform("FlatMap", new Operations.KeyedFlatMap<>(keySelector, function));
        }
        return super.flatMap(function);
    }

    /** A rich map on a keyed stream gets keyed state through its runtime context. */
    @Override
    public <R> DataStream<R> map(MapFunction<T, R> function) {
        if (function instanceof RichFunction) {
            return transform("Map", new Operations.KeyedMap<>(keySelector, function));
        }
        return super.map(function);
    }

    /** Cuts each key's records into windows; finish with reduce/aggregate/process/sum... on the result. */
    public <W extends Window> WindowedStream<T, K, W> window(WindowAssigner<? super T, W> assigner) {
        return new WindowedStream<>(this, keySelector, assigner);
    }

    /** Windows of {@code size} records per key, emitted when full. */
    public WindowedStream<T, K, GlobalWindow> countWindow(long size) {
        return WindowedStream.countWindow(this, keySelector, size);
    }

    /** Every {@code slide} records of a key, a window over its last {@code size} records. */
    public WindowedStream<T, K, GlobalWindow> countWindow(long size, long slide) {
        return WindowedStream.countWindow(this, keySelector, size, slide);
    }
}
