package io.sluice.api;

import io.sluice.config.CheckpointingOptions;
import io.sluice.config.CheckpointingOptions.CheckpointingMode;
import io.sluice.config.CheckpointingOptions.ExternalizedCheckpointRetention;
import io.sluice.config.ConfigOption;
import io.sluice.config.Configuration;
import java.time.Duration;
import java.util.Map;

/**
 * A job's checkpoint settings, over the cluster's ({@code execution.checkpointing.*}). Each setter
 * writes the job setting of the same key, so the job graph carries them and the JobMaster applies them.
 */
public final class CheckpointConfig {

    private final Map<String, String> jobConfiguration;

    CheckpointConfig(Map<String, String> jobConfiguration) {
        this.jobConfiguration = jobConfiguration;
    }

    private <T> CheckpointConfig set(ConfigOption<T> option, T value) {
        jobConfiguration.putAll(new Configuration().set(option, value).toMap());
        return this;
    }

    /** Periodic checkpoints every {@code interval}; zero switches them off. */
    public CheckpointConfig setCheckpointInterval(Duration interval) {
        return set(CheckpointingOptions.INTERVAL, interval);
    }

    public CheckpointConfig setCheckpointingMode(CheckpointingMode mode) {
        return set(CheckpointingOptions.MODE, mode);
    }

    public CheckpointConfig setCheckpointTimeout(Duration timeout) {
        return set(CheckpointingOptions.TIMEOUT, timeout);
    }

    public CheckpointConfig setMinPauseBetweenCheckpoints(Duration pause) {
        return set(CheckpointingOptions.MIN_PAUSE, pause);
    }

    public CheckpointConfig setMaxConcurrentCheckpoints(int max) {
        return set(CheckpointingOptions.MAX_CONCURRENT, max);
    }

    public CheckpointConfig setTolerableCheckpointFailureNumber(int failures) {
        return set(CheckpointingOptions.TOLERABLE_FAILED, failures);
    }

    /** Where checkpoints go (hdfs://..., file://...). */
    public CheckpointConfig setCheckpointStorage(String directory) {
        return set(CheckpointingOptions.DIR, directory);
    }

    public CheckpointConfig setNumRetainedCheckpoints(int retained) {
        return set(CheckpointingOptions.NUM_RETAINED, retained);
    }

    public CheckpointConfig setExternalizedCheckpointRetention(ExternalizedCheckpointRetention retention) {
        return set(CheckpointingOptions.EXTERNALIZED_RETENTION, retention);
    }

    public boolean isCheckpointingEnabled() {
        return CheckpointingOptions.isEnabled(Configuration.fromMap(jobConfiguration));
    }
}
