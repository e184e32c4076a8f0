package io.sluice.config;

import java.time.Duration;

/** Options of the RPC layer between endpoints. */
public final class RpcOptions {

    private RpcOptions() {}

    public static final ConfigOption<Duration> ASK_TIMEOUT = ConfigOptions.key("rpc.ask.timeout")
            .durationType()
            .defaultValue(Duration.ofSeconds(10))
            .withValidator(OptionValidator.positiveDuration())
            .withDescription("How long an RPC call between endpoints (e.g. JobMaster to TaskManager) waits for its "
                    + "answer before it fails with a timeout.");

    public static final ConfigOption<MemorySize> MAX_FRAME_SIZE = ConfigOptions.key("rpc.max-frame-size")
            .memoryType()
            .defaultValue(MemorySize.ofMebiBytes(10))
            .withValidator(OptionValidator.positiveMemorySize())
            .withDescription("Largest RPC message. Calls with bigger payloads fail; raise it for jobs with very "
                    + "many tasks or large deployment descriptors.");
}
