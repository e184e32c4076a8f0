package io.sluice.checkpoint;

import java.io.Serializable;
import java.util.List;

/**
 * Everything one operator checkpointed, over all its instances.
 *
 * @param subtasks the state of each old instance, by subtask index
 */
public record OperatorState(String operatorId, int parallelism, int maxParallelism, List<OperatorSubtaskState> subtasks)
        implements Serializable {

    public OperatorState {
        subtasks = List.copyOf(subtasks);
        if (subtasks.size() != parallelism) {
            throw new IllegalArgumentException("operator " + operatorId + " has " + subtasks.size()
                    + " subtask states for parallelism " + parallelism);
        }
    }

    public long size() {
        return subtasks.stream().mapToLong(OperatorSubtaskState::size).sum();
    }
}
