package io.sluice.checkpoint;

import io.sluice.state.OperatorListState;
import java.io.Serializable;
import java.util.List;

/**
 * The state one operator instance contributed to a checkpoint, or (on restore) what it gets back:
 * keyed state handles (all whose key groups overlap the instance's, after a change of parallelism)
 * and its operator list states.
 */
public record OperatorSubtaskState(List<KeyedStateHandle> keyed, List<OperatorListState> lists) implements Serializable {

    public static final OperatorSubtaskState EMPTY = new OperatorSubtaskState(List.of(), List.of());

    public OperatorSubtaskState {
        keyed = List.copyOf(keyed);
        lists = List.copyOf(lists);
    }

    public boolean isEmpty() {
        return keyed.isEmpty() && lists.isEmpty();
    }

    public long size() {
        return keyed.stream().mapToLong(k -> k.data().size()).sum() + lists.stream().mapToLong(OperatorListState::size).sum();
    }

    /** The list state called {@code name}, or null. */
    public OperatorListState list(String name) {
        for (OperatorListState l : lists) {
            if (l.name().equals(name)) {
                return l;
            }
        }
        return null;
    }
}
