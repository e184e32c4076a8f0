package io.sluice.common;

/** States of one execution attempt of a subtask (Flink's names, so REST clients understand them). */
public enum ExecutionState {
    CREATED, SCHEDULED, DEPLOYING, INITIALIZING, RUNNING, FINISHED, CANCELING, CANCELED, FAILED;

    public boolean isTerminal() {
        return this == FINISHED || this == CANCELED || this == FAILED;
    }
}
