package io.sluice.checkpoint;

import java.io.Serializable;
import java.util.Map;

/** The states of the operators of one task (one chain instance), by operator id. */
public record TaskStateSnapshot(Map<String, OperatorSubtaskState> operators) implements Serializable {

    public TaskStateSnapshot {
        operators = Map.copyOf(operators);
    }

    public OperatorSubtaskState of(String operatorId) {
        return operators.getOrDefault(operatorId, OperatorSubtaskState.EMPTY);
    }

    public long size() {
        return operators.values().stream().mapToLong(OperatorSubtaskState::size).sum();
    }
}
