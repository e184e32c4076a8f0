package io.sluice.taskexecutor;

import io.sluice.common.ResourceId;
import io.sluice.heartbeat.HeartbeatSettings;
import io.sluice.usercode.UserCodeClassLoading;
import java.nio.file.Path;
import java.time.Duration;

/** What a TaskExecutor needs to know at start, resolved from configuration by its runner. */
public record TaskExecutorSettings(
        ResourceId resourceId,
        String host,
        int numberOfSlots,
        HeartbeatSettings heartbeat,
        Duration registrationInitialBackoff,
        Duration registrationMaxBackoff,
        Duration registrationTimeout,
        Duration cancellationTimeout,
        Path workingDir,
        UserCodeClassLoading userCode) {

    /** With the default class loading of jobs ({@code classloader.*} unset). */
    public TaskExecutorSettings(ResourceId resourceId, String host, int numberOfSlots, HeartbeatSettings heartbeat,
                                Duration registrationInitialBackoff, Duration registrationMaxBackoff,
                                Duration registrationTimeout, Duration cancellationTimeout, Path workingDir) {
        this(resourceId, host, numberOfSlots, heartbeat, registrationInitialBackoff, registrationMaxBackoff,
                registrationTimeout, cancellationTimeout, workingDir, UserCodeClassLoading.defaults());
    }
}
