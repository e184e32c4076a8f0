package io.sluice.yarnappmaster;

import io.sluice.leader.LeaderInfo;
import io.sluice.protocol.ResourceManagerProtocol;
import io.sluice.protocol.TaskExecutorProtocol;
import io.sluice.rpc.RpcService;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends delegation tokens to every TaskManager registered with the ResourceManager, over RPC. The
 * message carries the ResourceManager's leader token, so a TaskManager only takes tokens from the
 * leader it is registered with. Containers launched later get the tokens in their launch context.
 */
final class TaskManagerTokenPusher {

    private static final Logger LOG = LoggerFactory.getLogger(TaskManagerTokenPusher.class);

    private final RpcService rpc;
    private final Supplier<LeaderInfo> resourceManager;

    TaskManagerTokenPusher(RpcService rpc, Supplier<LeaderInfo> resourceManager) {
        this.rpc = rpc;
        this.resourceManager = resourceManager;
    }

    /** Completes with the number of TaskManagers that took the tokens; failures are logged, not fatal. */
    CompletableFuture<Integer> push(byte[] credentials) {
        LeaderInfo leader = resourceManager.get();
        return rpc.<ResourceManagerProtocol>connect(leader.address(), leader.token(), ResourceManagerProtocol.class)
                .thenCompose(rm -> rm.<List<ResourceManagerProtocol.TaskManagerInfo>>ask(new ResourceManagerProtocol.ListTaskManagers()))
                .thenCompose(taskManagers -> {
                    AtomicInteger updated = new AtomicInteger();
                    CompletableFuture<?>[] sends = taskManagers.stream().map(tm -> rpc.<TaskExecutorProtocol>connect(
                                    tm.address(), TaskExecutorProtocol.class)
                            .thenCompose(ref -> ref.<Integer>ask(new TaskExecutorProtocol.UpdateDelegationTokens(
                                    leader.token(), credentials)))
                            .handle((count, failure) -> {
                                if (failure == null) {
                                    updated.incrementAndGet();
                                } else {
                                    LOG.warn("Could not send delegation tokens to TaskManager {} ({}): {}", tm.id(),
                                            tm.address(), failure.toString());
                                }
                                return null;
                            })).toArray(CompletableFuture[]::new);
                    return CompletableFuture.allOf(sends).thenApply(v -> {
                        LOG.debug("Delegation tokens sent to {} of {} TaskManager(s)", updated.get(), taskManagers.size());
                        return updated.get();
                    });
                });
    }
}
