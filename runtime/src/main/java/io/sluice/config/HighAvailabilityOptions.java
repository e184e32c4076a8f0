package io.sluice.config;

/**
 * The one high-availability option runtime knows. The ZooKeeper implementation (module ha) brings
 * its own options (quorum, storage dir, cluster id, timeouts) through its ConfigOptionsProvider.
 */
public final class HighAvailabilityOptions {

    private HighAvailabilityOptions() {}

    public static final String NONE = "none";

    public static final ConfigOption<String> TYPE = ConfigOptions.key("high-availability.type")
            .stringType()
            .defaultValue(NONE)
            .withDescription("How JobManagers survive failures. none: one JobManager, nothing survives it. "
                    + "zookeeper: leader election and job recovery through ZooKeeper and "
                    + "high-availability.storageDir (needs the sluice-ha jar in lib/; see docs/high-availability.md).");
}
