package io.sluice.taskexecutor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.common.JobId;
import io.sluice.common.AllocationId;
import io.sluice.common.ResourceId;
import io.sluice.heartbeat.HeartbeatSettings;
import io.sluice.leader.LeaderInfo;
import io.sluice.leader.LeaderRetrieval;
import io.sluice.protocol.ResourceManagerProtocol;
import io.sluice.protocol.TaskExecutorProtocol;
import io.sluice.rpc.FencedRpcEndpoint;
import io.sluice.rpc.RpcService;
import io.sluice.rpc.RpcServiceSettings;
import io.sluice.rpc.RpcSystem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ResourceManager asks a TaskManager for slots as soon as it accepts its registration, so the request
 * can reach the TaskManager before the accepted answer. The TaskManager serves it (the leader it is
 * registering with), and still refuses requests of any other leader.
 */
class SlotRequestDuringRegistrationTest {

    /** Answers a registration only after its slot request to the new TaskManager has been answered. */
    private static final class AskingFirstResourceManager extends FencedRpcEndpoint<ResourceManagerProtocol> {
        final CompletableFuture<Object> slotAnswer = new CompletableFuture<>();
        private final UUID requestToken;

        AskingFirstResourceManager(RpcService rpc, UUID leaderToken, UUID requestToken) {
            super(rpc, "resourcemanager", ResourceManagerProtocol.class);
            setFencingToken(leaderToken);
            this.requestToken = requestToken;
        }

        @Override
        protected Object handle(ResourceManagerProtocol message) {
            if (message instanceof ResourceManagerProtocol.RegisterTaskExecutor m) {
                return rpcService().connect(m.address(), TaskExecutorProtocol.class)
                        .thenCompose(te -> te.ask(new TaskExecutorProtocol.RequestSlot(requestToken, 0, JobId.generate(),
                                AllocationId.generate(), "akka://sluice@127.0.0.1:1/user/no-jobmaster", UUID.randomUUID())))
                        .handle((ok, failure) -> {
                            slotAnswer.complete(failure == null ? "served" : failure);
                            return ResourceManagerProtocol.Registration.accepted(UUID.randomUUID());
                        });
            }
            return null;
        }
    }

    @Test
    void theLeaderBeingRegisteredWithIsServed(@TempDir Path tmp) throws Exception {
        UUID leader = UUID.randomUUID();
        assertEquals("served", slotAnswerWhileRegistering(tmp, leader, leader));
    }

    @Test
    void anotherTokenIsRefused(@TempDir Path tmp) throws Exception {
        Object answer = slotAnswerWhileRegistering(tmp, UUID.randomUUID(), UUID.randomUUID());
        assertTrue(answer instanceof Throwable t && String.valueOf(t.getMessage()).contains("not registered with"),
                String.valueOf(answer));
    }

    private static Object slotAnswerWhileRegistering(Path tmp, UUID leaderToken, UUID requestToken) throws Exception {
        RpcService rpc = RpcSystem.load().start(RpcServiceSettings.loopback());
        try {
            AskingFirstResourceManager rm = new AskingFirstResourceManager(rpc, leaderToken, requestToken);
            rm.start();
            LeaderRetrieval retrieval = new LeaderRetrieval() {
                @Override
                public void start(Consumer<LeaderInfo> listener) {
                    listener.accept(new LeaderInfo(rm.address(), leaderToken));
                }

                @Override
                public void close() {}
            };
            TaskExecutorSettings settings = new TaskExecutorSettings(new ResourceId("tm-1"), rpc.address(), 1,
                    new HeartbeatSettings(Duration.ofSeconds(10), Duration.ofSeconds(60)), Duration.ofMillis(100),
                    Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofSeconds(10), tmp.resolve("tm"));
            TaskExecutor te = new TaskExecutor(rpc, settings, retrieval, e -> {});
            te.start();
            try {
                return rm.slotAnswer.get(30, TimeUnit.SECONDS);
            } finally {
                te.closeAsync().get(30, TimeUnit.SECONDS);
            }
        } finally {
            rpc.closeAsync().get(30, TimeUnit.SECONDS);
        }
    }
}
