package io.sluice.task;

import io.sluice.checkpoint.CheckpointMetrics;
import io.sluice.checkpoint.TaskStateSnapshot;

/**
 * How a task reports its part of a checkpoint. The TaskExecutor routes each report to the JobMaster
 * that leads the task's job at the time it is sent, so nothing on the task side is bound to one
 * JobMaster. Called from any thread.
 */
public interface CheckpointResponder {

    CheckpointResponder NONE = new CheckpointResponder() {
        @Override
        public void acknowledge(long checkpointId, TaskStateSnapshot state, CheckpointMetrics metrics) {
        }

        @Override
        public void decline(long checkpointId, String reason) {
        }

        @Override
        public void declineNotReady(long checkpointId, String reason) {
        }
    };

    void acknowledge(long checkpointId, TaskStateSnapshot state, CheckpointMetrics metrics);

    /** The task could not take its part: a checkpoint failure. */
    void decline(long checkpointId, String reason);

    /** The task is not running (yet, or any more): the checkpoint is aborted without counting as a failure. */
    void declineNotReady(long checkpointId, String reason);
}
