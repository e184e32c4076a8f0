package io.sluice.config;

import io.sluice.api.CheckpointConfig;
import io.sluice.api.checkpoint.CheckpointingMode;
import io.sluice.api.checkpoint.ExternalizedCheckpointRetention;
import java.time.Duration;

/**
 * Options of checkpointing: when the JobMaster takes checkpoints, how tasks align them, where they
 * are written and how many are kept. Keys and defaults are Flink's, so users' settings carry over.
 * Every key may be set per cluster ({@code conf/sluice.yaml}, {@code -D}) or per job
 * ({@code env.enableCheckpointing(...)}, {@code env.getCheckpointConfig()}, which writes these keys).
 */
public final class CheckpointingOptions {

    private CheckpointingOptions() {}

    public static final ConfigOption<Duration> INTERVAL = ConfigOptions.key(CheckpointConfig.INTERVAL)
            .durationType()
            .noDefaultValue()
            .withDescription("Time between the starts of two periodic checkpoints. Not set (or 0): no "
                    + "checkpoints, and every failure restarts a job from its beginning.");

    public static final ConfigOption<CheckpointingMode> MODE = ConfigOptions.key(CheckpointConfig.MODE)
            .enumType(CheckpointingMode.class)
            .defaultValue(CheckpointingMode.EXACTLY_ONCE)
            .withDescription("exactly-once: tasks with several input channels align barriers, so state and "
                    + "committed output reflect every record exactly once after a restore. at-least-once: no "
                    + "alignment (lower latency under backpressure); after a restore some records are processed "
                    + "twice.");

    public static final ConfigOption<Duration> TIMEOUT = ConfigOptions.key(CheckpointConfig.TIMEOUT)
            .durationType()
            .defaultValue(Duration.ofMinutes(10))
            .withValidator(OptionValidator.positiveDuration())
            .withDescription("A checkpoint that has not completed this long after its start is aborted "
                    + "(a checkpoint failure, see execution.checkpointing.tolerable-failed-checkpoints).");

    public static final ConfigOption<Duration> MIN_PAUSE = ConfigOptions.key(CheckpointConfig.MIN_PAUSE)
            .durationType()
            .defaultValue(Duration.ZERO)
            .withDescription("Least time between the end of one checkpoint and the start of the next, so that a "
                    + "slow checkpoint does not leave the job no time to make progress.");

    public static final ConfigOption<Integer> MAX_CONCURRENT =
            ConfigOptions.key(CheckpointConfig.MAX_CONCURRENT)
                    .intType()
                    .defaultValue(1)
                    .withValidator(OptionValidator.atLeast(1))
                    .withDescription("How many checkpoints may be in progress at the same time.");

    public static final ConfigOption<Integer> TOLERABLE_FAILED =
            ConfigOptions.key(CheckpointConfig.TOLERABLE_FAILED)
                    .intType()
                    .defaultValue(0)
                    .withValidator(OptionValidator.atLeast(0))
                    .withDescription("How many checkpoint failures in a row (declined by a task, timed out, or not "
                            + "written) the job tolerates; one more fails the job (and its restart strategy "
                            + "decides). A completed checkpoint resets the count.");

    public static final ConfigOption<String> DIR = ConfigOptions.key(CheckpointConfig.DIR)
            .stringType()
            .noDefaultValue()
            .withFallbackKeys("state.checkpoints.dir")
            .withDescription("Directory (a Hadoop FileSystem URI: hdfs://, file://) under which checkpoints are "
                    + "written as <dir>/<job id>/chk-<n>/. Not set: with ZooKeeper high availability the "
                    + "directory 'checkpoints' under high-availability.storageDir; on YARN "
                    + "<fs.defaultFS>/user/<user>/.sluice/checkpoints; otherwise checkpoints are kept in the "
                    + "JobManager's memory and do not survive it (said at submission).");

    public static final ConfigOption<Integer> NUM_RETAINED = ConfigOptions.key(CheckpointConfig.NUM_RETAINED)
            .intType()
            .defaultValue(1)
            .withValidator(OptionValidator.atLeast(1))
            .withDescription("How many completed checkpoints are kept; older ones are deleted once a newer one "
                    + "completed. A recovery falls back to an older retained one when the latest cannot be read.");

    public static final ConfigOption<ExternalizedCheckpointRetention> EXTERNALIZED_RETENTION =
            ConfigOptions.key(CheckpointConfig.EXTERNALIZED_RETENTION)
                    .enumType(ExternalizedCheckpointRetention.class)
                    .defaultValue(ExternalizedCheckpointRetention.DELETE_ON_CANCELLATION)
                    .withDescription("delete-on-cancellation: a cancelled job's checkpoints are deleted. "
                            + "retain-on-cancellation: they stay, and 'sluice run -s <dir>/<job id>/chk-<n>' "
                            + "resumes from one. A failed job always keeps its checkpoints; a finished one never.");

    public static final ConfigOption<MemorySize> INLINE_THRESHOLD =
            ConfigOptions.key("state.storage.fs.memory-threshold")
                    .memoryType()
                    .defaultValue(MemorySize.ofKibiBytes(20))
                    .withDescription("State of one operator instance up to this size travels inline in the "
                            + "checkpoint's _metadata instead of a file of its own (fewer small files on HDFS).");

    public static final ConfigOption<String> RESTORE_PATH = ConfigOptions.key("execution.savepoint.path")
            .stringType()
            .noDefaultValue()
            .withDescription("A retained checkpoint (its chk-<n> directory or _metadata file) the job starts "
                    + "from; what 'sluice run -s <path>' sets.");

    public static final ConfigOption<Boolean> IGNORE_UNCLAIMED_STATE =
            ConfigOptions.key("execution.savepoint.ignore-unclaimed-state")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription("Whether a job started from a checkpoint may drop state of operators it no "
                            + "longer has (matched by uid); what 'sluice run -s <path> -n' sets.");

    /** Whether the effective settings switch periodic checkpoints on. */
    public static boolean isEnabled(Configuration config) {
        return config.getOptional(INTERVAL).map(d -> !d.isZero() && !d.isNegative()).orElse(false);
    }
}
