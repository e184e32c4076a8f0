package io.sluice.api.functions;

/** Takes the records a function emits; a function may emit any number per input. */
public interface Collector<T> {

    void collect(T record) throws Exception;
}
