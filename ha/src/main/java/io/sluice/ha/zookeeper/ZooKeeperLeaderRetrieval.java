package io.sluice.ha.zookeeper;

import io.sluice.leader.LeaderInfo;
import io.sluice.leader.LeaderRetrieval;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a component's {@code connection_info} node and reports each new leader (address and
 * session id) once, in order. The cache re-reads the node after a reconnect, so a leader change
 * during a ZooKeeper outage is reported when the connection is back.
 */
final class ZooKeeperLeaderRetrieval implements LeaderRetrieval {

    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperLeaderRetrieval.class);

    private final CuratorFramework client;
    private final String componentId;
    private final ExecutorService executor;
    private CuratorCache cache;
    private LeaderInfo last;

    ZooKeeperLeaderRetrieval(CuratorFramework client, String componentId) {
        this.client = client;
        this.componentId = componentId;
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ha-leader-retrieval-" + componentId);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void start(Consumer<LeaderInfo> listener) {
        cache = CuratorCache.build(client, ZooKeeperLeaderElectionService.connectionInfoPath(componentId),
                CuratorCache.Options.SINGLE_NODE_CACHE);
        cache.listenable().addListener(CuratorCacheListener.builder()
                .forCreatesAndChanges((before, now) -> onData(now, listener))
                .build(), executor);
        cache.start();
    }

    private void onData(ChildData node, Consumer<LeaderInfo> listener) {
        LeaderInfo info = LeaderInfoCodec.decode(node == null ? null : node.getData());
        if (info != null && !Objects.equals(info, last)) {
            last = info;
            LOG.info("Leader of {} is {} (session {})", componentId, info.address(), info.token());
            listener.accept(info);
        }
    }

    @Override
    public void close() {
        if (cache != null) {
            cache.close();
        }
        executor.shutdownNow();
    }
}
