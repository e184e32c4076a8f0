package io.sluice.jobmaster;

import io.sluice.common.AllocationId;
import io.sluice.common.ExecutionAttemptId;
import io.sluice.common.ExecutionState;
import io.sluice.common.ResourceId;
import io.sluice.rpc.SerializedThrowable;

/** One attempt to run one subtask. Mutable, owned by the JobMaster's main thread. */
final class Execution {

    final ExecutionAttemptId id = ExecutionAttemptId.generate();
    final int attemptNumber;
    ExecutionState state = ExecutionState.CREATED;
    ResourceId taskManager;
    AllocationId allocationId;
    long startTime = -1;
    long endTime = -1;
    SerializedThrowable failure;

    Execution(int attemptNumber) {
        this.attemptNumber = attemptNumber;
    }

    /** Applies a state change; returns false if the attempt is already terminal (late reports). */
    boolean transition(ExecutionState next) {
        if (state.isTerminal()) {
            return false;
        }
        state = next;
        if (next == ExecutionState.RUNNING) {
            startTime = System.currentTimeMillis();
        } else if (next.isTerminal()) {
            endTime = System.currentTimeMillis();
        }
        return true;
    }
}
