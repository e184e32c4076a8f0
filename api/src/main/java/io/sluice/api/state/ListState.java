package io.sluice.api.state;

import java.util.List;

/** A list of values per key. {@link #get()} returns an empty iterable (never null) for a key without values. */
public interface ListState<T> extends AppendingState<T, Iterable<T>> {

    void addAll(List<T> values);

    /** Replaces the list of the current key. */
    void update(List<T> values);
}
