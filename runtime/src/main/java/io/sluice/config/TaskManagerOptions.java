package io.sluice.config;

import java.time.Duration;

/** Options of TaskManager processes: their endpoint, slots, registration and task watchdog. */
public final class TaskManagerOptions {

    private TaskManagerOptions() {}

    public static final ConfigOption<String> HOST = ConfigOptions.key("taskmanager.host")
            .stringType()
            .noDefaultValue()
            .withDescription("Host name or IP address the TaskManager advertises to the JobManager and to other "
                    + "TaskManagers. When unset, the local host name is used.");

    public static final ConfigOption<Integer> RPC_PORT = ConfigOptions.key("taskmanager.rpc.port")
            .intType()
            .defaultValue(0)
            .withValidator(OptionValidator.port())
            .withDescription("Port of the TaskManager's RPC endpoint. 0 picks any free port, so that several "
                    + "TaskManagers can run on one machine.");

    public static final ConfigOption<Integer> NUM_TASK_SLOTS = ConfigOptions.key("taskmanager.numberOfTaskSlots")
            .intType()
            .defaultValue(1)
            .withValidator(OptionValidator.atLeast(1))
            .withDescription("Number of slots a TaskManager offers, i.e. how many parallel pipelines it runs at "
                    + "once. The number of CPU cores of the machine or container is a good start.");

    public static final ConfigOption<Duration> REGISTRATION_INITIAL_BACKOFF =
            ConfigOptions.key("taskmanager.registration.initial-backoff")
                    .durationType()
                    .defaultValue(Duration.ofMillis(100))
                    .withValidator(OptionValidator.positiveDuration())
                    .withDescription("Pause before retrying a failed registration at the ResourceManager; it "
                            + "doubles after every failed attempt, up to taskmanager.registration.max-backoff.");

    public static final ConfigOption<Duration> REGISTRATION_MAX_BACKOFF =
            ConfigOptions.key("taskmanager.registration.max-backoff")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(10))
                    .withValidator(OptionValidator.positiveDuration())
                    .withDescription("Longest pause between two registration attempts.");

    public static final ConfigOption<Duration> REGISTRATION_TIMEOUT =
            ConfigOptions.key("taskmanager.registration.timeout")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(5))
                    .withValidator(OptionValidator.positiveDuration())
                    .withDescription("How long a TaskManager keeps trying to register at the ResourceManager "
                            + "before it gives up and exits.");

    public static final ConfigOption<Duration> TASK_CANCELLATION_TIMEOUT =
            ConfigOptions.key("task.cancellation.timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(30))
                    .withDescription("Time a cancelled task has to stop. If it is still running after that, the "
                            + "TaskManager process is killed, so that a task stuck in user code cannot hold its "
                            + "slot forever. 0 disables this watchdog.");

    public static final ConfigOption<String> RESOURCE_ID = ConfigOptions.key("taskmanager.resource-id")
            .stringType()
            .noDefaultValue()
            .withDescription("Stable identifier of the TaskManager, shown in logs and the web UI. When unset, "
                    + "a new one is generated at every start.");
}
