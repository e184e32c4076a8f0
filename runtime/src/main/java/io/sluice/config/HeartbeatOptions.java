package io.sluice.config;

import java.time.Duration;

/** Options of the heartbeats between ResourceManager, JobMasters and TaskManagers. */
public final class HeartbeatOptions {

    private HeartbeatOptions() {}

    public static final ConfigOption<Duration> INTERVAL = ConfigOptions.key("heartbeat.interval")
            .durationType()
            .defaultValue(Duration.ofSeconds(1))
            .withValidator(OptionValidator.positiveDuration())
            .withDescription("How often the JobManager's endpoints and the TaskManagers send heartbeats to each "
                    + "other.");

    public static final ConfigOption<Duration> TIMEOUT = ConfigOptions.key("heartbeat.timeout")
            .durationType()
            .defaultValue(Duration.ofSeconds(10))
            .withValidator(OptionValidator.positiveDuration())
            .withDescription("A peer not heard from for this long is considered dead: its tasks fail over and its "
                    + "slots are released. Must be larger than heartbeat.interval; raise it if long garbage "
                    + "collection pauses cause false alarms.");

    /**
     * Checks that the timeout exceeds the interval; otherwise every peer would be declared dead before its
     * next heartbeat is due.
     *
     * @throws IllegalConfigurationException naming both keys and their values
     */
    public static void validate(Configuration config) {
        Duration interval = config.get(INTERVAL);
        Duration timeout = config.get(TIMEOUT);
        if (timeout.compareTo(interval) <= 0) {
            throw new IllegalConfigurationException("Invalid heartbeat settings: '" + TIMEOUT.key() + "' ("
                    + DurationFormat.format(timeout) + ") must be larger than '" + INTERVAL.key() + "' ("
                    + DurationFormat.format(interval) + "); raise the timeout (10 times the interval is usual) "
                    + "or lower the interval");
        }
    }
}
