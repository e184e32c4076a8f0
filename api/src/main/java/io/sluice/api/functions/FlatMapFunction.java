package io.sluice.api.functions;

import java.io.Serializable;

/** Turns one record into zero, one or more records. */
@FunctionalInterface
public interface FlatMapFunction<T, R> extends Serializable {

    void flatMap(T value, Collector<R> out) throws Exception;
}
