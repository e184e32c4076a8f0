package io.sluice.examples.windowing;

import io.sluice.api.functions.AggregateFunction;

/** Counts the events of a window incrementally: one long per key and window instead of all events. */
public final class CountWords implements AggregateFunction<WordEvent, Long, Long> {

    private static final long serialVersionUID = 1L;

    @Override
    public Long createAccumulator() {
        return 0L;
    }

    @Override
    public Long add(WordEvent value, Long accumulator) {
        return accumulator + 1;
    }

    @Override
    public Long getResult(Long accumulator) {
        return accumulator;
    }

    @Override
    public Long merge(Long a, Long b) {
        return a + b;
    }
}
