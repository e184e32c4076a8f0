package io.sluice.dispatcher;

import io.sluice.checkpoint.CheckpointMetadata;
import io.sluice.checkpoint.CheckpointStorage;
import io.sluice.checkpoint.StateAssignment;
import io.sluice.config.CheckpointingOptions;
import io.sluice.config.Configuration;
import io.sluice.graph.JobGraph;
import io.sluice.jobmaster.JobCheckpointServices;
import java.io.IOException;

/**
 * Checks, before a submitted job is stored or started, that the checkpoint it should start from
 * ({@code execution.savepoint.path}, what {@code sluice run -s} sets) can be read and fits the job.
 * Without it a wrong path would only surface as a failed job after it was accepted; here it refuses
 * the submission, for every client (CLI, REST). Reads the file system: call it off the main thread.
 */
final class RestoreCheck {

    private RestoreCheck() {}

    /** @throws IllegalArgumentException saying what is wrong with the path and what to give instead */
    static void check(Configuration cluster, JobGraph graph) {
        Configuration effective = JobCheckpointServices.effectiveConfiguration(cluster, graph.jobConfiguration());
        String path = effective.getOptional(CheckpointingOptions.RESTORE_PATH).orElse(null);
        if (path == null || path.isBlank()) {
            return;
        }
        CheckpointMetadata metadata;
        try {
            metadata = CheckpointStorage.load(path.trim());
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("job " + graph.jobId() + " cannot start from checkpoint '" + path
                    + "' (" + CheckpointingOptions.RESTORE_PATH.key() + ", set by 'sluice run -s'): " + e.getMessage()
                    + ". Give the chk-<n> directory of a retained checkpoint, or its " + CheckpointStorage.METADATA
                    + " file.", e);
        }
        try {
            StateAssignment.assign(metadata, graph, effective.get(CheckpointingOptions.IGNORE_UNCLAIMED_STATE));
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException("job " + graph.jobId() + " cannot start from checkpoint '" + path
                    + "': " + e.getMessage(), e);
        }
    }
}
