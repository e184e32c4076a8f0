package io.sluice.api.state;

/** One value per key that each {@link #add} combines with the descriptor's reduce function. */
public interface ReducingState<T> extends AppendingState<T, T> {
}
