package io.sluice.resourcemanager;

import io.sluice.config.TaskManagerOptions;
import io.sluice.config.ResourceManagerOptions;
import io.sluice.config.Configuration;
import io.sluice.heartbeat.HeartbeatSettings;
import java.time.Duration;

/**
 * @param slotsPerWorker     slots of each TaskManager the driver starts
 * @param maxWorkers         upper bound of TaskManagers the driver runs at once
 * @param minWorkers         TaskManagers the driver keeps running even when no job needs them
 * @param idleTimeout        a started TaskManager whose slots stay free this long is released
 * @param workerStartTimeout a started TaskManager that does not register within this is released
 */
public record ResourceManagerSettings(HeartbeatSettings heartbeat, int slotsPerWorker, int maxWorkers, int minWorkers,
                                      Duration idleTimeout, Duration workerStartTimeout) {
    public static ResourceManagerSettings fromConfiguration(Configuration config) {
        return new ResourceManagerSettings(HeartbeatSettings.fromConfiguration(config),
                config.get(TaskManagerOptions.NUM_TASK_SLOTS), config.get(ResourceManagerOptions.PROCESS_MAX_WORKERS),
                Math.min(config.get(ResourceManagerOptions.MIN_WORKERS), config.get(ResourceManagerOptions.PROCESS_MAX_WORKERS)),
                config.get(ResourceManagerOptions.TASK_MANAGER_TIMEOUT), config.get(ResourceManagerOptions.WORKER_START_TIMEOUT));
    }
}
