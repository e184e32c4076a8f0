package io.sluice.config;

/** Options of the REST endpoint that serves clients and the web UI. */
public final class RestOptions {

    private RestOptions() {}

    public static final ConfigOption<String> ADDRESS = ConfigOptions.key("rest.address")
            .stringType()
            .noDefaultValue()
            .withDescription("Address clients (CLI, browsers) use to reach the REST endpoint. When unset, "
                    + "jobmanager.rpc.address is used.");

    public static final ConfigOption<String> BIND_ADDRESS = ConfigOptions.key("rest.bind-address")
            .stringType()
            .defaultValue("0.0.0.0")
            .withDescription("Network interface the REST endpoint listens on; 0.0.0.0 means all interfaces. Use "
                    + "127.0.0.1 to accept local clients only.");

    public static final ConfigOption<Integer> PORT = ConfigOptions.key("rest.port")
            .intType()
            .defaultValue(8081)
            .withValidator(OptionValidator.port())
            .withDescription("Port of the REST endpoint and web UI. 0 picks any free port.");

    public static final ConfigOption<MemorySize> SERVER_MAX_CONTENT_LENGTH =
            ConfigOptions.key("rest.server.max-content-length")
                    .memoryType()
                    .defaultValue(MemorySize.ofMebiBytes(100))
                    .withValidator(OptionValidator.positiveMemorySize())
                    .withDescription("Largest request the REST endpoint accepts, e.g. a jar upload; larger "
                            + "requests are rejected.");

    public static final ConfigOption<String> UPLOAD_DIR = ConfigOptions.key("web.upload.dir")
            .stringType()
            .noDefaultValue()
            .withDescription("Directory where jars uploaded through the REST API are stored. When unset, a "
                    + "directory under io.tmp.dirs is used.");
}
