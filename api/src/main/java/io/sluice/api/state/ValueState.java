package io.sluice.api.state;

/** One value per key; {@code null} until the first {@link #update}. */
public interface ValueState<T> extends State {

    T value();

    /** Sets the value of the current key; {@code null} clears it. */
    void update(T value);
}
