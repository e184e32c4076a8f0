package io.sluice.config;

import java.time.Duration;

/** Options of the exactly-once file sink ({@code writeAsText} with checkpointing on); per job or per cluster. */
public final class FileSinkOptions {

    private FileSinkOptions() {}

    public static final ConfigOption<MemorySize> ROLLING_FILE_SIZE = ConfigOptions.key("sink.rolling-policy.file-size")
            .memoryType()
            .defaultValue(MemorySize.ofMebiBytes(128))
            .withValidator(OptionValidator.positiveMemorySize())
            .withDescription("A part file that reaches this size is closed and a new one started; it is "
                    + "committed with the next completed checkpoint.");

    public static final ConfigOption<Duration> ROLLOVER_INTERVAL =
            ConfigOptions.key("sink.rolling-policy.rollover-interval")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(30))
                    .withValidator(OptionValidator.positiveDuration())
                    .withDescription("A part file open this long is closed and a new one started at its next record. "
                            + "Part files are also closed at every checkpoint.");
}
