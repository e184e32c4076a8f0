package io.sluice.api;

import java.io.Serializable;
import java.util.Objects;

/**
 * Names a side output of an operator: records emitted to it are read with
 * {@code getSideOutput(tag)}. Two tags are the same side output when their ids are equal.
 *
 * @param <T> type of the side output's records
 */
public final class OutputTag<T> implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String id;

    public OutputTag(String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("an OutputTag needs a non-empty id");
        }
        this.id = id;
    }

    public String getId() {
        return id;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OutputTag<?> other && id.equals(other.id);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id);
    }

    @Override
    public String toString() {
        return "OutputTag(" + id + ")";
    }
}
