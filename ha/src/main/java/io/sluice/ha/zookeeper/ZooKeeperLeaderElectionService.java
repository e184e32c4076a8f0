package io.sluice.ha.zookeeper;

import io.sluice.leader.LeaderContender;
import io.sluice.leader.LeaderElection;
import io.sluice.leader.LeaderInfo;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One leader latch per JobManager process: the process that holds it leads with ALL its components
 * (ResourceManager, Dispatcher, JobMasters), each under the same leader session id, and publishes
 * each component's address in {@code /leader/<component>/connection_info}. One latch instead of one
 * per component means one ZooKeeper round of election on failover, and that a JobMaster always runs
 * next to the ResourceManager it talks to.
 *
 * <p>The latch node holds the contender's instance id, so that a successor that knows an instance is
 * dead can delete its node at once ({@link #evict}). An address is written only in a transaction
 * that checks that this contender's latch node still exists, so a deposed leader cannot overwrite its
 * successor's entry. Callbacks and ZooKeeper writes run on one thread, in order.
 */
final class ZooKeeperLeaderElectionService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperLeaderElectionService.class);
    static final String LATCH_PATH = "/leader-latch";

    static String connectionInfoPath(String componentId) {
        return "/leader/" + componentId + "/connection_info";
    }

    private final CuratorFramework client;
    private final String instanceId;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ha-leader-election");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Component> components = new ConcurrentHashMap<>();
    /** Touched on the executor thread only. */
    private LeaderLatch latch;
    private volatile UUID session;
    private volatile boolean closed;

    ZooKeeperLeaderElectionService(CuratorFramework client, String instanceId) {
        this.client = client;
        this.instanceId = instanceId;
    }

    LeaderElection election(String componentId) {
        return new Component(componentId);
    }

    /** True while this process holds the latch. */
    boolean isLeader() {
        return session != null;
    }

    private final class Component implements LeaderElection {
        private final String id;
        private LeaderContender contender;
        private UUID granted;

        Component(String id) {
            this.id = id;
        }

        @Override
        public void start(LeaderContender contender) {
            this.contender = contender;
            if (components.putIfAbsent(id, this) != null) {
                throw new IllegalStateException("component " + id + " already takes part in leader election");
            }
            executor.execute(() -> {
                startLatchIfNeeded();
                if (session != null) {
                    grant(session);
                }
            });
        }

        void grant(UUID s) {
            if (!s.equals(granted)) {
                granted = s;
                contender.grantLeadership(s);
            }
        }

        void revoke() {
            if (granted != null) {
                granted = null;
                contender.revokeLeadership();
            }
        }

        @Override
        public void confirmLeadership(LeaderInfo leader) {
            executor.execute(() -> publish(id, leader));
        }

        @Override
        public void close() {
            components.remove(id, this);
        }
    }

    private void startLatchIfNeeded() {
        if (latch != null || closed) {
            return;
        }
        latch = new LeaderLatch(client, LATCH_PATH, instanceId, LeaderLatch.CloseMode.SILENT);
        latch.addListener(new LeaderLatchListener() {
            @Override
            public void isLeader() {
                onGranted();
            }

            @Override
            public void notLeader() {
                onRevoked();
            }
        }, executor);
        try {
            latch.start();
            LOG.info("Contending for leadership as instance {}", instanceId);
        } catch (Exception e) {
            LOG.error("Cannot start leader election", e);
        }
    }

    private void onGranted() {
        if (session != null || closed) {
            return;
        }
        UUID s = UUID.randomUUID();
        session = s;
        LOG.info("Instance {} was granted leadership (session {})", instanceId, s);
        components.values().forEach(c -> c.grant(s));
    }

    private void onRevoked() {
        if (session == null) {
            return;
        }
        if (closed) {
            // a shutdown (e.g. the application's end) hands leadership back on purpose: nothing to warn about
            LOG.info("Instance {} gives up leadership (session {}): shutting down", instanceId, session);
        } else {
            LOG.warn("Instance {} lost leadership (session {})", instanceId, session);
        }
        session = null;
        components.values().forEach(Component::revoke);
    }

    private void publish(String componentId, LeaderInfo leader) {
        UUID s = session;
        if (s == null || !s.equals(leader.token()) || latch == null) {
            LOG.debug("Not publishing {} for {}: leadership {} is no longer held", leader, componentId, leader.token());
            return;
        }
        String path = connectionInfoPath(componentId);
        try {
            String ourPath = latch.getOurPath();
            if (client.checkExists().forPath(path) == null) {
                try {
                    client.create().creatingParentsIfNeeded().forPath(path);
                } catch (KeeperException.NodeExistsException raced) {
                    // another leader created it meanwhile: the transaction below decides
                }
            }
            client.transaction().forOperations(
                    client.transactionOp().check().forPath(ourPath),
                    client.transactionOp().setData().forPath(path, LeaderInfoCodec.encode(leader)));
            LOG.info("Published leader {} of {} (session {})", leader.address(), componentId, s);
        } catch (Exception e) {
            LOG.warn("Could not publish the leader of {} (this instance may have been deposed): {}", componentId,
                    e.toString());
        }
    }

    /**
     * Deletes the latch nodes of instances that {@code isDead} says are dead (never this one's).
     *
     * @return the ids of the instances whose nodes were deleted
     */
    List<String> evict(Predicate<String> isDead) throws Exception {
        List<String> evicted = new ArrayList<>();
        List<String> children;
        try {
            children = client.getChildren().forPath(LATCH_PATH);
        } catch (KeeperException.NoNodeException e) {
            return evicted;
        }
        for (String child : children) {
            String node = LATCH_PATH + "/" + child;
            try {
                String id = new String(client.getData().forPath(node), StandardCharsets.UTF_8);
                if (!id.equals(instanceId) && isDead.test(id)) {
                    client.delete().forPath(node);
                    evicted.add(id);
                    LOG.info("Removed the leader election entry of dead instance {} ({})", id, node);
                }
            } catch (KeeperException.NoNodeException gone) {
                // its session expired meanwhile
            }
        }
        return evicted;
    }

    @Override
    public void close() {
        closed = true;
        executor.execute(() -> {
            if (latch != null) {
                try {
                    latch.close();
                } catch (Exception e) {
                    LOG.debug("closing the leader latch: {}", e.toString());
                }
            }
            onRevoked();
        });
        executor.shutdown();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
