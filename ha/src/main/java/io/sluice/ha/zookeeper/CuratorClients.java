package io.sluice.ha.zookeeper;

import io.sluice.config.Configuration;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.api.ACLProvider;
import org.apache.curator.framework.state.SessionConnectionStateErrorPolicy;
import org.apache.curator.framework.state.StandardConnectionStateErrorPolicy;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds and connects the Curator client of a process from the HA options. */
final class CuratorClients {

    private static final Logger LOG = LoggerFactory.getLogger(CuratorClients.class);

    private CuratorClients() {}

    /** The ZooKeeper path of this cluster: {@code <path.root>/<cluster-id>}. */
    static String clusterPath(Configuration config) {
        return config.get(ZooKeeperHaOptions.PATH_ROOT) + "/" + config.get(ZooKeeperHaOptions.CLUSTER_ID);
    }

    /**
     * A started client whose namespace is the cluster path, connected within the connection timeout.
     *
     * @throws io.sluice.config.IllegalConfigurationException naming the quorum and the timeout option when
     *     ZooKeeper cannot be reached (the command line prints it as one error line)
     */
    static CuratorFramework connect(Configuration config) throws InterruptedException {
        String quorum = config.getOptional(ZooKeeperHaOptions.QUORUM).filter(q -> !q.isBlank()).orElseThrow(() ->
                new io.sluice.config.IllegalConfigurationException("high-availability.type is zookeeper but '"
                        + ZooKeeperHaOptions.QUORUM.key() + "' is not set: list the ZooKeeper servers as host:port,..."));
        Duration session = config.get(ZooKeeperHaOptions.SESSION_TIMEOUT);
        Duration connection = config.get(ZooKeeperHaOptions.CONNECTION_TIMEOUT);
        boolean tolerateSuspended = config.get(ZooKeeperHaOptions.TOLERATE_SUSPENDED_CONNECTIONS);
        CuratorFramework client = CuratorFrameworkFactory.builder()
                .connectString(quorum)
                .sessionTimeoutMs((int) session.toMillis())
                .connectionTimeoutMs((int) connection.toMillis())
                .retryPolicy(new ExponentialBackoffRetry((int) config.get(ZooKeeperHaOptions.RETRY_WAIT).toMillis(),
                        config.get(ZooKeeperHaOptions.MAX_RETRY_ATTEMPTS)))
                .namespace(clusterPath(config).substring(1))
                .aclProvider(aclProvider(config.get(ZooKeeperHaOptions.ACL)))
                // Which connection states cost a leader its leadership: SUSPENDED and LOST (safe), or LOST only.
                .connectionStateErrorPolicy(tolerateSuspended ? new SessionConnectionStateErrorPolicy()
                        : new StandardConnectionStateErrorPolicy())
                .build();
        client.getConnectionStateListenable().addListener((c, state) ->
                LOG.info("ZooKeeper connection to {} is {}", quorum, state));
        client.start();
        if (!client.blockUntilConnected((int) connection.toMillis(), TimeUnit.MILLISECONDS)) {
            client.close();
            throw new io.sluice.config.IllegalConfigurationException("Cannot connect to ZooKeeper at '" + quorum + "' within "
                    + ZooKeeperHaOptions.CONNECTION_TIMEOUT.key() + " (" + connection.toMillis() + " ms): check that "
                    + "the quorum in '" + ZooKeeperHaOptions.QUORUM.key() + "' is running and reachable from this host");
        }
        return client;
    }

    private static ACLProvider aclProvider(ZooKeeperHaOptions.Acl acl) {
        List<ACL> acls = acl == ZooKeeperHaOptions.Acl.CREATOR ? ZooDefs.Ids.CREATOR_ALL_ACL : ZooDefs.Ids.OPEN_ACL_UNSAFE;
        return new ACLProvider() {
            @Override
            public List<ACL> getDefaultAcl() {
                return acls;
            }

            @Override
            public List<ACL> getAclForPath(String path) {
                return acls;
            }
        };
    }
}
