package io.sluice.api.state;

/** An accumulator per key fed by the descriptor's aggregate function; {@link #get()} returns its result. */
public interface AggregatingState<IN, OUT> extends AppendingState<IN, OUT> {
}
