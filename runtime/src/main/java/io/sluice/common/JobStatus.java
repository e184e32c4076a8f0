package io.sluice.common;

/** States of a job (Flink's names). */
public enum JobStatus {
    INITIALIZING, CREATED, RUNNING, RESTARTING, FAILING, CANCELLING, FINISHED, CANCELED, FAILED;

    public boolean isGloballyTerminal() {
        return this == FINISHED || this == CANCELED || this == FAILED;
    }
}
