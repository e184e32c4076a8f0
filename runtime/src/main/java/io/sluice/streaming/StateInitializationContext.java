package io.sluice.streaming;

import io.sluice.checkpoint.KeyedStateHandle;
import io.sluice.checkpoint.OperatorSubtaskState;
import io.sluice.state.OperatorListState;
import java.util.List;

/**
 * What an operator restores from, between setup and open: its share of the checkpoint the job
 * restarts from, or nothing ({@link #isRestored()} false) on a fresh start.
 */
public final class StateInitializationContext {

    private static final StateInitializationContext FRESH = new StateInitializationContext(-1, OperatorSubtaskState.EMPTY);

    private final long checkpointId;
    private final OperatorSubtaskState state;

    public StateInitializationContext(long checkpointId, OperatorSubtaskState state) {
        this.checkpointId = checkpointId;
        this.state = state;
    }

    public static StateInitializationContext fresh() {
        return FRESH;
    }

    public boolean isRestored() {
        return checkpointId >= 0;
    }

    /** The checkpoint restored from; -1 on a fresh start. */
    public long checkpointId() {
        return checkpointId;
    }

    /** Every old keyed state handle whose key groups overlap this instance's. */
    public List<KeyedStateHandle> keyedState() {
        return state.keyed();
    }

    public List<OperatorListState> listStates() {
        return state.lists();
    }

    /** The list state called {@code name}, or null. */
    public OperatorListState listState(String name) {
        return state.list(name);
    }
}
