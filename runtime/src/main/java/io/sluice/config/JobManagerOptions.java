package io.sluice.config;

import java.time.Duration;

/** Options of the JobManager process: its RPC endpoint and job-level defaults. */
public final class JobManagerOptions {

    private JobManagerOptions() {}

    public static final ConfigOption<String> RPC_ADDRESS = ConfigOptions.key("jobmanager.rpc.address")
            .stringType()
            .defaultValue("localhost")
            .withDescription("Host name or IP address at which TaskManagers and clients reach the JobManager's "
                    + "RPC endpoint in standalone mode. Set it to an address the other machines can resolve.");

    public static final ConfigOption<Integer> RPC_PORT = ConfigOptions.key("jobmanager.rpc.port")
            .intType()
            .defaultValue(6123)
            .withValidator(OptionValidator.port())
            .withDescription("Port of the JobManager's RPC endpoint. 0 picks any free port, which only suits "
                    + "setups where TaskManagers discover the JobManager (high availability, YARN).");

    public static final ConfigOption<String> BIND_HOST = ConfigOptions.key("jobmanager.bind-host")
            .stringType()
            .noDefaultValue()
            .withDescription("Network interface the JobManager's RPC endpoint binds to, e.g. 0.0.0.0 for all "
                    + "interfaces. When unset, it binds to jobmanager.rpc.address.");

    public static final ConfigOption<Integer> JOB_STORE_MAX_CAPACITY = ConfigOptions.key("jobstore.max-capacity")
            .intType()
            .defaultValue(1000)
            .withValidator(OptionValidator.atLeast(0))
            .withDescription("Number of finished jobs whose results (final status, failure cause) the "
                    + "JobManager keeps for clients and the web UI; the oldest are dropped first.");

    public static final ConfigOption<Duration> SLOT_REQUEST_TIMEOUT = ConfigOptions.key("slot.request.timeout")
            .durationType()
            .defaultValue(Duration.ofMinutes(5))
            .withValidator(OptionValidator.positiveDuration())
            .withDescription("How long a job waits for the slots it requested before the request fails and the "
                    + "restart strategy decides what to do. Raise it where TaskManagers start slowly.");

    public static final ConfigOption<Integer> DEFAULT_PARALLELISM = ConfigOptions.key("parallelism.default")
            .intType()
            .defaultValue(1)
            .withValidator(OptionValidator.atLeast(1))
            .withDescription("Parallelism of jobs and operators that do not set their own.");
}
