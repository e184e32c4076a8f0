package io.sluice.api;

import io.sluice.api.streamgraph.SinkTransformation;

/** The end of a stream; configures the sink operator. */
public final class DataStreamSink<T> {

    private final SinkTransformation<T> transformation;

    DataStreamSink(SinkTransformation<T> transformation) {
        this.transformation = transformation;
    }

    public DataStreamSink<T> name(String name) {
        transformation.setName(name);
        return this;
    }

    public DataStreamSink<T> uid(String uid) {
        transformation.setUid(uid);
        return this;
    }

    public DataStreamSink<T> setParallelism(int parallelism) {
        transformation.setParallelism(parallelism);
        return this;
    }

    public SinkTransformation<T> getTransformation() {
        return transformation;
    }
}
