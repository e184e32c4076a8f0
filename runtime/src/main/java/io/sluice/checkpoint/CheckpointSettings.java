package io.sluice.checkpoint;

import io.sluice.config.CheckpointingOptions;
import io.sluice.api.checkpoint.CheckpointingMode;
import io.sluice.api.checkpoint.ExternalizedCheckpointRetention;
import io.sluice.config.Configuration;
import java.io.Serializable;
import java.time.Duration;

/**
 * A job's effective checkpoint settings (its own over the cluster's), as the JobMaster uses them.
 *
 * @param interval  time between periodic checkpoints; null when periodic checkpoints are off
 * @param directory where checkpoints are written; null when the JobManager keeps them in memory
 */
public record CheckpointSettings(Duration interval, CheckpointingMode mode, Duration timeout, Duration minPause,
                                 int maxConcurrent, int tolerableFailures, String directory, int numRetained,
                                 ExternalizedCheckpointRetention retention) implements Serializable {

    public static CheckpointSettings from(Configuration effective) {
        return new CheckpointSettings(
                CheckpointingOptions.isEnabled(effective) ? effective.get(CheckpointingOptions.INTERVAL) : null,
                effective.get(CheckpointingOptions.MODE),
                effective.get(CheckpointingOptions.TIMEOUT),
                effective.get(CheckpointingOptions.MIN_PAUSE),
                effective.get(CheckpointingOptions.MAX_CONCURRENT),
                effective.get(CheckpointingOptions.TOLERABLE_FAILED),
                effective.getOptional(CheckpointingOptions.DIR).orElse(null),
                effective.get(CheckpointingOptions.NUM_RETAINED),
                effective.get(CheckpointingOptions.EXTERNALIZED_RETENTION));
    }

    public boolean periodic() {
        return interval != null;
    }
}
