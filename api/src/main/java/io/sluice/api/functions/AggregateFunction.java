package io.sluice.api.functions;

import java.io.Serializable;

/**
 * Incremental aggregation with an accumulator of its own type, e.g. an average kept as (sum, count).
 * {@link #merge} combines two accumulators; it is called when session windows merge.
 *
 * @param <IN>  input values
 * @param <ACC> accumulator
 * @param <OUT> result
 */
public interface AggregateFunction<IN, ACC, OUT> extends Serializable {

    ACC createAccumulator();

    /** Adds a value; may update and return {@code accumulator} itself or return a new one. */
    ACC add(IN value, ACC accumulator);

    OUT getResult(ACC accumulator);

    ACC merge(ACC a, ACC b);
}
