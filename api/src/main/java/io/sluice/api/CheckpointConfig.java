package io.sluice.api;

import io.sluice.api.checkpoint.CheckpointingMode;
import io.sluice.api.checkpoint.ExternalizedCheckpointRetention;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A job's checkpoint settings, over the cluster's ({@code execution.checkpointing.*}). Each setter
 * writes the job setting of the same key, so the job graph carries them and the JobMaster applies them.
 * The keys are the runtime's option keys (a runtime test holds them equal); values are written in
 * the text form the runtime's options parse.
 */
public final class CheckpointConfig {

    public static final String INTERVAL = "execution.checkpointing.interval";
    public static final String MODE = "execution.checkpointing.mode";
    public static final String TIMEOUT = "execution.checkpointing.timeout";
    public static final String MIN_PAUSE = "execution.checkpointing.min-pause";
    public static final String MAX_CONCURRENT = "execution.checkpointing.max-concurrent-checkpoints";
    public static final String TOLERABLE_FAILED = "execution.checkpointing.tolerable-failed-checkpoints";
    public static final String DIR = "execution.checkpointing.dir";
    public static final String NUM_RETAINED = "execution.checkpointing.num-retained";
    public static final String EXTERNALIZED_RETENTION = "execution.checkpointing.externalized-checkpoint-retention";

    private final Map<String, String> jobConfiguration;

    CheckpointConfig(Map<String, String> jobConfiguration) {
        this.jobConfiguration = jobConfiguration;
    }

    private CheckpointConfig set(String key, String value) {
        jobConfiguration.put(key, value);
        return this;
    }

    /** Periodic checkpoints every {@code interval}; zero switches them off. */
    public CheckpointConfig setCheckpointInterval(Duration interval) {
        return set(INTERVAL, millis(interval, "checkpoint interval"));
    }

    public CheckpointConfig setCheckpointingMode(CheckpointingMode mode) {
        return set(MODE, enumText(mode, "checkpointing mode"));
    }

    public CheckpointConfig setCheckpointTimeout(Duration timeout) {
        return set(TIMEOUT, millis(timeout, "checkpoint timeout"));
    }

    public CheckpointConfig setMinPauseBetweenCheckpoints(Duration pause) {
        return set(MIN_PAUSE, millis(pause, "min pause between checkpoints"));
    }

    public CheckpointConfig setMaxConcurrentCheckpoints(int max) {
        return set(MAX_CONCURRENT, Integer.toString(max));
    }

    public CheckpointConfig setTolerableCheckpointFailureNumber(int failures) {
        return set(TOLERABLE_FAILED, Integer.toString(failures));
    }

    /** Where checkpoints go (hdfs://..., file://...). */
    public CheckpointConfig setCheckpointStorage(String directory) {
        Objects.requireNonNull(directory, "checkpoint directory must not be null");
        return set(DIR, directory);
    }

    public CheckpointConfig setNumRetainedCheckpoints(int retained) {
        return set(NUM_RETAINED, Integer.toString(retained));
    }

    public CheckpointConfig setExternalizedCheckpointRetention(ExternalizedCheckpointRetention retention) {
        return set(EXTERNALIZED_RETENTION, enumText(retention, "externalized checkpoint retention"));
    }

    /** True when this job sets a positive checkpoint interval (the cluster's setting is not visible here). */
    public boolean isCheckpointingEnabled() {
        String interval = jobConfiguration.get(INTERVAL);
        return interval != null && !interval.trim().matches("0+\\s*[a-z]*");
    }

    private static String millis(Duration duration, String what) {
        Objects.requireNonNull(duration, what + " must not be null");
        if (duration.isNegative()) {
            throw new IllegalArgumentException(what + " must not be negative, was " + duration);
        }
        return duration.toMillis() + " ms";
    }

    private static String enumText(Enum<?> constant, String what) {
        Objects.requireNonNull(constant, what + " must not be null");
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
