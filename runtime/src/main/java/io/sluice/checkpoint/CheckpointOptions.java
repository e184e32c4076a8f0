package io.sluice.checkpoint;

import io.sluice.config.CheckpointingOptions;
import io.sluice.config.Configuration;
import io.sluice.api.common.JobId;

/**
 * How a task writes its state for one checkpoint, derived from the job's settings (which the
 * JobMaster completes with the effective checkpoint directory), so that a barrier needs to carry
 * nothing but the checkpoint's id.
 *
 * @param location        the checkpoint's directory for state files, or null (state goes inline to the JobManager)
 * @param inlineThreshold state of an operator instance up to this many bytes goes inline
 * @param maxInlineBytes  without a directory: the most an operator instance may send inline
 */
public record CheckpointOptions(String location, int inlineThreshold, long maxInlineBytes) {

    /** The JobManager keeps checkpoints without a directory in memory: more per instance is refused. */
    public static final long MAX_JOBMANAGER_STATE_BYTES = 5L << 20;

    public static CheckpointOptions forCheckpoint(Configuration jobConfig, JobId jobId, long checkpointId) {
        String dir = jobConfig.getOptional(CheckpointingOptions.DIR).orElse(null);
        CheckpointStorage storage = new CheckpointStorage(dir, jobId.toHexString());
        int threshold = (int) Math.min(Integer.MAX_VALUE, jobConfig.get(CheckpointingOptions.INLINE_THRESHOLD).getBytes());
        return new CheckpointOptions(storage.locationOf(checkpointId), threshold, MAX_JOBMANAGER_STATE_BYTES);
    }

    public CheckpointOutputStream newStream(String name) {
        return new CheckpointOutputStream(location, inlineThreshold, maxInlineBytes, name);
    }
}
