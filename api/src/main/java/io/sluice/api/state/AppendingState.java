package io.sluice.api.state;

/** State that values are added to and that yields a combined result. */
public interface AppendingState<IN, OUT> extends State {

    /** The combined result for the current key; {@code null} when nothing was added. */
    OUT get();

    void add(IN value);
}
