package io.sluice.checkpoint;

import java.io.Serializable;

/** What a deployed task restores before its operators open: the checkpoint it comes from and its share of the state. */
public record TaskRestore(long checkpointId, TaskStateSnapshot state) implements Serializable {
}
