package io.sluice.heartbeat;

import io.sluice.config.HeartbeatOptions;
import io.sluice.config.Configuration;
import java.time.Duration;

/** How often heartbeats are requested and how long a peer may stay silent before it counts as lost. */
public record HeartbeatSettings(Duration interval, Duration timeout) {
    public HeartbeatSettings {
        if (timeout.compareTo(interval) <= 0) {
            throw new IllegalArgumentException("heartbeat.timeout (" + timeout
                    + ") must be larger than heartbeat.interval (" + interval + ")");
        }
    }

    public static HeartbeatSettings fromConfiguration(Configuration config) {
        return new HeartbeatSettings(config.get(HeartbeatOptions.INTERVAL), config.get(HeartbeatOptions.TIMEOUT));
    }
}
