package io.sluice.api;

import io.sluice.api.functions.CoFlatMapFunction;
import io.sluice.api.functions.CoMapFunction;
import io.sluice.api.streamgraph.TwoInputTransformation;
import io.sluice.api.streamgraph.Operation;
import io.sluice.api.streamgraph.Operations;

/**
 * Two streams, possibly of different types, read by one operator that sees which input each record
 * came from (and whose event time is the minimum of both inputs' watermarks).
 */
public final class ConnectedStreams<IN1, IN2> {

    private final StreamEnvironment env;
    private final DataStream<IN1> first;
    private final DataStream<IN2> second;

    ConnectedStreams(StreamEnvironment env, DataStream<IN1> first, DataStream<IN2> second) {
        this.env = env;
        this.first = first;
        this.second = second;
    }

    public DataStream<IN1> getFirstInput() {
        return first;
    }

    public DataStream<IN2> getSecondInput() {
        return second;
    }

    public <R> DataStream<R> map(CoMapFunction<IN1, IN2, R> function) {
        return transform("Co-Map", new Operations.CoMap<>(DataStream.requireFunction(function)));
    }

    public <R> DataStream<R> flatMap(CoFlatMapFunction<IN1, IN2, R> function) {
        return transform("Co-Flat Map", new Operations.CoFlatMap<>(DataStream.requireFunction(function)));
    }

    /** Applies a two-input operator; the way in for operators the API has no method for. */
    public <R> DataStream<R> transform(String name, Operation operation) {
        return new DataStream<>(env, new TwoInputTransformation<>(env.nextTransformationId(), name,
                first.getTransformation(), second.getTransformation(), operation));
    }
}
