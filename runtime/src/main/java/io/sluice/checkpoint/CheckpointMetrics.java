package io.sluice.checkpoint;

import java.io.Serializable;

/**
 * What one task measured of its part of a checkpoint.
 *
 * @param alignmentMillis time from the first to the last barrier of its inputs (0 for sources)
 * @param syncMillis      time the task thread spent in the synchronous part (the pause of record processing)
 * @param asyncMillis     time of the write to checkpoint storage, off the task thread
 * @param bytes           size of the state the task wrote
 */
public record CheckpointMetrics(long alignmentMillis, long syncMillis, long asyncMillis, long bytes) implements Serializable {
}
