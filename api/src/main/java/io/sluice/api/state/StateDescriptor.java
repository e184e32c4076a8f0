package io.sluice.api.state;

import java.io.Serializable;
import java.util.Objects;

/**
 * Names a piece of keyed state and says what kind it is. The name identifies the state within its
 * operator (in snapshots too), so it must stay the same across versions of a job.
 *
 * @param <S> the state handle type
 */
public abstract sealed class StateDescriptor<S extends State> implements Serializable
        permits ValueStateDescriptor, ListStateDescriptor, MapStateDescriptor, ReducingStateDescriptor,
        AggregatingStateDescriptor {

    private static final long serialVersionUID = 1L;

    private final String name;

    StateDescriptor(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a state descriptor needs a non-empty name");
        }
        this.name = name;
    }

    public String getName() {
        return name;
    }

    /** Short kind name for messages ("value", "list", ...). */
    /** The kind of state, for messages ("value", "list", ...). */
    public abstract String kind();

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && name.equals(((StateDescriptor<?>) o).name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(getClass(), name);
    }

    @Override
    public String toString() {
        return kind() + " state '" + name + "'";
    }
}
