package io.sluice.jobmaster;

import io.sluice.config.TaskManagerOptions;
import io.sluice.config.JobManagerOptions;
import io.sluice.config.Configuration;
import io.sluice.heartbeat.HeartbeatSettings;
import java.time.Duration;

/** @param cancellationTimeout how long to wait for cancelled tasks before treating them as gone */
public record JobMasterSettings(HeartbeatSettings heartbeat, Duration slotRequestTimeout, Duration cancellationTimeout) {
    public static JobMasterSettings fromConfiguration(Configuration config) {
        Duration cancel = config.get(TaskManagerOptions.TASK_CANCELLATION_TIMEOUT);
        // Tasks that outlive their cancellation take their TaskManager down with them: wait a bit longer than that.
        Duration wait = (cancel.isZero() ? Duration.ofSeconds(30) : cancel).plusSeconds(5);
        return new JobMasterSettings(HeartbeatSettings.fromConfiguration(config),
                config.get(JobManagerOptions.SLOT_REQUEST_TIMEOUT), wait);
    }
}
