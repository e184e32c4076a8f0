package io.sluice.state;

import java.io.Serializable;
import java.util.List;

/**
 * One named list of operator state of one operator instance (a {@code CheckpointedFunction}'s
 * list state, a source's position), each element serialized on its own so that a restore with another
 * parallelism can hand elements to other instances.
 *
 * @param distribution how elements are handed out on restore
 */
public record OperatorListState(String name, Distribution distribution, List<byte[]> elements) implements Serializable {

    public enum Distribution {
        /** Elements of all old instances are split among the new ones (with equal parallelism: each keeps its own). */
        SPLIT,
        /** Every new instance gets the elements of all old instances. */
        UNION
    }

    public OperatorListState {
        elements = List.copyOf(elements);
    }

    public long size() {
        return elements.stream().mapToLong(e -> e.length).sum();
    }
}
