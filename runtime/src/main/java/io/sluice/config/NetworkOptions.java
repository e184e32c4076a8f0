package io.sluice.config;

import java.time.Duration;

/** Options of the network stack (data exchange between tasks) of TaskManagers, and the buffer timeout of jobs. */
public final class NetworkOptions {

    private NetworkOptions() {}

    public static final ConfigOption<Integer> DATA_PORT = ConfigOptions.key("taskmanager.data.port")
            .intType()
            .defaultValue(0)
            .withValidator(OptionValidator.port())
            .withDescription("Port on which a TaskManager serves the data its tasks produce to tasks on other "
                    + "TaskManagers. 0 picks any free port; the TaskManager tells the JobManager which one.");

    public static final ConfigOption<Integer> NETWORK_BUFFERS = ConfigOptions.key("taskmanager.network.memory.buffers")
            .intType()
            .defaultValue(2048)
            .withValidator(OptionValidator.atLeast(1))
            .withDescription("Number of network buffers of a TaskManager: the upper bound of the memory all its "
                    + "tasks use to send and receive records (buffers x buffer size; 64 MiB by default). Buffers "
                    + "are allocated when first used. A task that cannot get its minimum fails with a message "
                    + "naming this option.");

    public static final ConfigOption<MemorySize> BUFFER_SIZE = ConfigOptions.key("taskmanager.network.memory.buffer-size")
            .memoryType()
            .defaultValue(MemorySize.ofKibiBytes(32))
            .withValidator(OptionValidator.of("between 1 kb and 16 mb",
                    m -> m.getBytes() >= 1024 && m.getBytes() <= 16L * 1024 * 1024))
            .withDescription("Size of one network buffer, the unit in which records travel between tasks.");

    public static final ConfigOption<Integer> BUFFERS_PER_CHANNEL =
            ConfigOptions.key("taskmanager.network.memory.buffers-per-channel")
                    .intType()
                    .defaultValue(2)
                    .withValidator(OptionValidator.atLeast(1))
                    .withDescription("Buffers each remote input channel owns (its initial credit), and the share of "
                            + "each output subpartition in a task's output pool. More buffers tolerate more latency "
                            + "between TaskManagers at the cost of memory.");

    public static final ConfigOption<Integer> FLOATING_BUFFERS_PER_GATE =
            ConfigOptions.key("taskmanager.network.memory.floating-buffers-per-gate")
                    .intType()
                    .defaultValue(8)
                    .withValidator(OptionValidator.atLeast(0))
                    .withDescription("Extra buffers a task's input shares among its remote channels (given to the "
                            + "channels with the largest backlog), and extra buffers of each output pool.");

    public static final ConfigOption<Integer> NETTY_THREADS = ConfigOptions.key("taskmanager.network.netty.threads")
            .intType()
            .defaultValue(1)
            .withValidator(OptionValidator.atLeast(1))
            .withDescription("Threads of the data server and of the data client of a TaskManager, each.");

    public static final ConfigOption<Duration> REQUEST_BACKOFF_INITIAL =
            ConfigOptions.key("taskmanager.network.request-backoff.initial")
                    .durationType()
                    .defaultValue(Duration.ofMillis(20))
                    .withValidator(OptionValidator.positiveDuration())
                    .withDescription("First pause before a consumer asks again for a partition whose producer is not "
                            + "deployed yet; doubles up to taskmanager.network.request-backoff.max.");

    public static final ConfigOption<Duration> REQUEST_BACKOFF_MAX =
            ConfigOptions.key("taskmanager.network.request-backoff.max")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(1))
                    .withValidator(OptionValidator.positiveDuration())
                    .withDescription("Longest pause between two requests for a partition not deployed yet.");

    public static final ConfigOption<Duration> PARTITION_REQUEST_TIMEOUT =
            ConfigOptions.key("taskmanager.network.partition-request-timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(60))
                    .withValidator(OptionValidator.positiveDuration())
                    .withDescription("How long a consumer waits for its producer to be deployed before the task "
                            + "fails (the job then restarts as its restart strategy says).");

    public static final ConfigOption<Duration> BUFFER_TIMEOUT = ConfigOptions.key("execution.buffer-timeout")
            .durationType()
            .defaultValue(Duration.ofMillis(100))
            .withDescription("Longest time a record waits in a partly filled network buffer before the buffer is "
                    + "sent anyway. 0 sends after every record (lowest latency, lowest throughput). Per job: "
                    + "StreamEnvironment.setBufferTimeout.");

    public static final ConfigOption<java.util.List<String>> REGISTERED_TYPES = ConfigOptions.key("pipeline.registered-types")
            .stringListType()
            .defaultValue(java.util.List.of())
            .withDescription("Classes of record values registered with the record serializer (Kryo), in order, so "
                    + "that they travel as a small id instead of their class name. Per job: "
                    + "StreamEnvironment.registerType.");
}
