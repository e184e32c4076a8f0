package io.sluice.config;

import java.time.Duration;

/** Options of the ResourceManager: where TaskManagers come from and how long they are kept. */
public final class ResourceManagerOptions {

    private ResourceManagerOptions() {}

    /** How the ResourceManager obtains TaskManagers when not on YARN. */
    public enum WorkerDriverType {
        /** TaskManagers are started by an operator (or a script) and register on their own. */
        STANDALONE,
        /** The JobManager starts TaskManager JVMs on its own machine on demand. */
        PROCESS
    }

    public static final ConfigOption<WorkerDriverType> DRIVER = ConfigOptions.key("resourcemanager.driver")
            .enumType(WorkerDriverType.class)
            .defaultValue(WorkerDriverType.STANDALONE)
            .withDescription("How the ResourceManager obtains TaskManagers outside YARN. standalone: TaskManagers "
                    + "are started by hand; process: the JobManager starts TaskManager JVMs on this machine on "
                    + "demand and replaces those that die.");

    public static final ConfigOption<Duration> TASK_MANAGER_TIMEOUT =
            ConfigOptions.key("resourcemanager.taskmanager-timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(30))
                    .withValidator(OptionValidator.positiveDuration())
                    .withDescription("TaskManagers that have run no task for this long are released. Standalone "
                            + "TaskManagers are never stopped.");

    public static final ConfigOption<String> PROCESS_JAVA_OPTIONS =
            ConfigOptions.key("resourcemanager.process.java-options")
                    .stringType()
                    .defaultValue("-Xmx512m")
                    .withDescription("JVM options of TaskManager processes started by the process driver, e.g. "
                            + "heap size and garbage collector flags.");

    public static final ConfigOption<Integer> MIN_WORKERS =
            ConfigOptions.key("resourcemanager.taskmanagers.min")
                    .intType()
                    .defaultValue(0)
                    .withValidator(OptionValidator.atLeast(0))
                    .withDescription("TaskManagers the ResourceManager keeps running while no job needs them: "
                            + "started as soon as it leads, never released for idleness, replaced when lost. "
                            + "A session with warm TaskManagers starts its jobs without waiting for containers "
                            + "(costs their resources while idle). Applies to drivers that start TaskManagers "
                            + "(YARN, process).");

    public static final ConfigOption<Integer> PROCESS_MAX_WORKERS =
            ConfigOptions.key("resourcemanager.process.max-workers")
                    .intType()
                    .defaultValue(8)
                    .withValidator(OptionValidator.atLeast(1))
                    .withDescription("Most TaskManager processes the process driver runs at the same time; it "
                            + "protects the machine from jobs that ask for more slots than it can hold.");

    public static final ConfigOption<Duration> WORKER_START_TIMEOUT =
            ConfigOptions.key("resourcemanager.worker-start-timeout")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(2))
                    .withValidator(OptionValidator.positiveDuration())
                    .withDescription("A started TaskManager that has not registered within this time is treated "
                            + "as failed: it is stopped and a replacement is requested.");
}
