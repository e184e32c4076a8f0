package io.sluice.ha.zookeeper;

import io.sluice.config.ConfigOption;
import io.sluice.config.ConfigOptions;
import io.sluice.config.OptionValidator;
import java.time.Duration;

/** Options of ZooKeeper + FileSystem high availability ({@code high-availability.type: zookeeper}). */
public final class ZooKeeperHaOptions {

    private ZooKeeperHaOptions() {}

    public static final ConfigOption<String> QUORUM = ConfigOptions.key("high-availability.zookeeper.quorum")
            .stringType()
            .noDefaultValue()
            .withDescription("ZooKeeper servers as host:port[,host:port...]. Required with "
                    + "high-availability.type: zookeeper.");

    public static final ConfigOption<String> PATH_ROOT = ConfigOptions.key("high-availability.zookeeper.path.root")
            .stringType()
            .defaultValue("/sluice")
            .withDescription("ZooKeeper node under which all clusters keep their data, each under its cluster id.");

    public static final ConfigOption<String> CLUSTER_ID = ConfigOptions.key("high-availability.cluster-id")
            .stringType()
            .defaultValue("default")
            .withDescription("Separates the HA data of clusters that share ZooKeeper and storage: ZooKeeper "
                    + "<path.root>/<cluster-id> and <storageDir>/<cluster-id>. On YARN it is the application id. "
                    + "Two running clusters must never share one.");

    public static final ConfigOption<String> STORAGE_DIR = ConfigOptions.key("high-availability.storageDir")
            .stringType()
            .noDefaultValue()
            .withDescription("Hadoop FileSystem URI (e.g. hdfs:///sluice/ha) under which job graphs, job jars, "
                    + "checkpoint metadata and job results are kept; ZooKeeper holds only pointers. Must be "
                    + "reachable and writable from every JobManager.");

    public static final ConfigOption<String> INSTANCE_ID = ConfigOptions.key("high-availability.instance-id")
            .stringType()
            .noDefaultValue()
            .withDescription("Name of this JobManager in leader election (a random id when unset). A JobManager "
                    + "that knows another instance is dead can remove its election entries at once instead of "
                    + "waiting for its ZooKeeper session to expire; on YARN it is the application attempt id.");

    public static final ConfigOption<Duration> SESSION_TIMEOUT =
            ConfigOptions.key("high-availability.zookeeper.client.session-timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(60))
                    .withValidator(OptionValidator.positiveDuration())
                    .withDescription("ZooKeeper session timeout. A killed leader is replaced only after its session "
                            + "expires, so this bounds failover after a crash (the server clamps it to between 2 "
                            + "and 20 times its tickTime).");

    public static final ConfigOption<Duration> CONNECTION_TIMEOUT =
            ConfigOptions.key("high-availability.zookeeper.client.connection-timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(15))
                    .withValidator(OptionValidator.positiveDuration())
                    .withDescription("How long to wait for the first connection to ZooKeeper at start-up (a "
                            + "process fails with a clear error after it), and for a lost connection before "
                            + "it counts as SUSPENDED.");

    public static final ConfigOption<Duration> RETRY_WAIT =
            ConfigOptions.key("high-availability.zookeeper.client.retry-wait")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(1))
                    .withValidator(OptionValidator.positiveDuration())
                    .withDescription("First wait between retries of a failed ZooKeeper operation; it doubles on "
                            + "each retry (exponential backoff).");

    public static final ConfigOption<Integer> MAX_RETRY_ATTEMPTS =
            ConfigOptions.key("high-availability.zookeeper.client.max-retry-attempts")
                    .intType()
                    .defaultValue(3)
                    .withValidator(OptionValidator.atLeast(0))
                    .withDescription("Retries of a failed ZooKeeper operation before it fails.");

    /** Who may read and change the znodes this cluster creates. */
    public enum Acl {
        /** Anyone (ZooKeeper's OPEN_ACL_UNSAFE). */
        OPEN,
        /** Only the authenticated creator (CREATOR_ALL_ACL); needs ZooKeeper authentication (SASL). */
        CREATOR
    }

    public static final ConfigOption<Acl> ACL = ConfigOptions.key("high-availability.zookeeper.client.acl")
            .enumType(Acl.class)
            .defaultValue(Acl.OPEN)
            .withDescription("ACL of the znodes this cluster creates. open: anyone; creator: only the "
                    + "authenticated creator (requires SASL authentication to ZooKeeper).");

    public static final ConfigOption<Boolean> TOLERATE_SUSPENDED_CONNECTIONS =
            ConfigOptions.key("high-availability.zookeeper.client.tolerate-suspended-connections")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription("false (safe): a leader steps down as soon as its ZooKeeper connection is "
                            + "SUSPENDED and contends again when it is back. true: it keeps leading until the session "
                            + "is LOST, which rides out short network blips but may briefly overlap with a new "
                            + "leader (fencing tokens reject the old leader's messages).");
}
