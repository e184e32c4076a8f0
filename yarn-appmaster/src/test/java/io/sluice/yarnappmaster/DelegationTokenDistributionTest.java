package io.sluice.yarnappmaster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sluice.common.ResourceId;
import io.sluice.config.Configuration;
import io.sluice.config.CoreOptions;
import io.sluice.config.TaskManagerOptions;
import io.sluice.entrypoint.LocalCluster;
import io.sluice.heartbeat.HeartbeatSettings;
import io.sluice.leader.LeaderInfo;
import io.sluice.leader.StandaloneLeaderServices;
import io.sluice.protocol.ResourceManagerProtocol;
import io.sluice.protocol.TaskExecutorProtocol;
import io.sluice.rpc.FencingTokenException;
import io.sluice.rpc.RpcRef;
import io.sluice.rpc.RpcService;
import io.sluice.rpc.RpcServiceSettings;
import io.sluice.rpc.RpcSystem;
import io.sluice.taskexecutor.TaskExecutor;
import io.sluice.taskexecutor.TaskExecutorSettings;
import io.sluice.yarnclient.DelegationTokens;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.security.token.Token;
import org.apache.hadoop.security.token.TokenIdentifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The token distribution path on real RPC: a JobManager (LocalCluster) and a TaskExecutor on its
 * own RPC service (so messages cross a socket and go through the Kryo serializer, as between
 * containers). Insecure HDFS issues no delegation tokens, so the tokens are built by hand with a
 * test kind; what travels and how it is applied is the same as for HDFS tokens.
 */
class DelegationTokenDistributionTest {

    private static LocalCluster cluster;
    private static RpcService taskManagerRpc;
    private static TaskExecutor taskExecutor;

    @BeforeAll
    static void start() throws Exception {
        Path tmp = Files.createTempDirectory("sluice-token-distribution");
        Configuration config = new Configuration();
        config.setString(CoreOptions.TMP_DIRS.key(), tmp.toString());
        cluster = LocalCluster.start(config, 0, 1);
        taskManagerRpc = RpcSystem.load().start(RpcServiceSettings.loopback());
        TaskExecutorSettings settings = new TaskExecutorSettings(new ResourceId("remote-taskmanager"),
                taskManagerRpc.address(), 1, HeartbeatSettings.fromConfiguration(config),
                config.get(TaskManagerOptions.REGISTRATION_INITIAL_BACKOFF),
                config.get(TaskManagerOptions.REGISTRATION_MAX_BACKOFF),
                config.get(TaskManagerOptions.REGISTRATION_TIMEOUT),
                config.get(TaskManagerOptions.TASK_CANCELLATION_TIMEOUT), tmp.resolve("tm"));
        taskExecutor = new TaskExecutor(taskManagerRpc, settings,
                StandaloneLeaderServices.retrieval(cluster.jobManager().resourceManagerLeader().address()), t -> {});
        taskExecutor.start();
        awaitRegisteredTaskManagers(1);
    }

    @AfterAll
    static void stop() throws Exception {
        if (taskExecutor != null) {
            taskExecutor.closeAsync().get(30, TimeUnit.SECONDS);
        }
        if (taskManagerRpc != null) {
            taskManagerRpc.closeAsync().get(30, TimeUnit.SECONDS);
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private static void awaitRegisteredTaskManagers(int n) throws Exception {
        LeaderInfo rm = cluster.jobManager().resourceManagerLeader();
        RpcRef<ResourceManagerProtocol> ref = cluster.jobManager().rpcService()
                .<ResourceManagerProtocol>connect(rm.address(), rm.token(), ResourceManagerProtocol.class).get(30, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            List<?> tms = ref.<List<?>>ask(new ResourceManagerProtocol.ListTaskManagers()).get(30, TimeUnit.SECONDS);
            if (tms.size() >= n) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the TaskManager did not register");
    }

    private static Token<TokenIdentifier> token(String service, String id) {
        return new Token<>(id.getBytes(StandardCharsets.UTF_8), ("password-" + id).getBytes(StandardCharsets.UTF_8),
                new Text("SLUICE_TEST_TOKEN"), new Text(service));
    }

    private static Token<? extends TokenIdentifier> processToken(String service) throws Exception {
        return UserGroupInformation.getCurrentUser().getCredentials().getToken(new Text(service));
    }

    @Test
    void tokensPushedByTheApplicationMasterReachTheTaskManagersUser() throws Exception {
        String service = "namenode-" + UUID.randomUUID() + ":8020";
        assertNull(processToken(service));
        Credentials fresh = new Credentials();
        fresh.addToken(new Text(service), token(service, "first"));

        TaskManagerTokenPusher pusher = new TaskManagerTokenPusher(cluster.jobManager().rpcService(),
                cluster.jobManager()::resourceManagerLeader);
        // the pusher does not touch this JVM's user itself: only the TaskExecutor can have added it
        assertEquals(1, pusher.push(DelegationTokens.toBytes(fresh)).get(30, TimeUnit.SECONDS));
        Token<? extends TokenIdentifier> received = processToken(service);
        assertNotNull(received);
        assertEquals(new Text("SLUICE_TEST_TOKEN"), received.getKind());
        assertEquals("first", new String(received.getIdentifier(), StandardCharsets.UTF_8));

        // a renewal replaces the token for the same service
        Credentials renewed = new Credentials();
        renewed.addToken(new Text(service), token(service, "second"));
        assertEquals(1, pusher.push(DelegationTokens.toBytes(renewed)).get(30, TimeUnit.SECONDS));
        assertEquals("second", new String(processToken(service).getIdentifier(), StandardCharsets.UTF_8));
    }

    @Test
    void aTaskManagerTakesTokensOnlyFromTheResourceManagerItIsRegisteredWith() throws Exception {
        String service = "namenode-" + UUID.randomUUID() + ":8020";
        Credentials forged = new Credentials();
        forged.addToken(new Text(service), token(service, "forged"));
        RpcRef<TaskExecutorProtocol> tm = cluster.jobManager().rpcService()
                .<TaskExecutorProtocol>connect(taskExecutor.address(), TaskExecutorProtocol.class).get(30, TimeUnit.SECONDS);
        ExecutionException e = assertThrows(ExecutionException.class, () -> tm.ask(
                new TaskExecutorProtocol.UpdateDelegationTokens(UUID.randomUUID(), DelegationTokens.toBytes(forged)))
                .get(30, TimeUnit.SECONDS));
        assertInstanceOf(FencingTokenException.class, e.getCause(), e.toString());
        assertNull(processToken(service));
    }

    @Test
    void renewedTokensGoToTheAmsUserAndIntoLaterContainerLaunchesButNotTheAmRmToken() throws Exception {
        String service = "namenode-" + UUID.randomUUID() + ":8020";
        UserGroupInformation.getCurrentUser().addToken(new Text("am-rm"), new Token<>("amrm".getBytes(StandardCharsets.UTF_8),
                "p".getBytes(StandardCharsets.UTF_8), new Text("YARN_AM_RM_TOKEN"), new Text("rm:8030")));
        // the manager with a source that hands out one new token per round, wired as in the AM
        int[] round = {0};
        DelegationTokenManager manager = new DelegationTokenManager(new DelegationTokenManager.TokenSource() {
            @Override
            public Credentials obtain() {
                Credentials c = new Credentials();
                c.addToken(new Text(service), token(service, "round-" + (++round[0])));
                return c;
            }

            @Override
            public java.util.OptionalLong expiry(Token<? extends TokenIdentifier> t) {
                return java.util.OptionalLong.of(System.currentTimeMillis() + Duration.ofHours(1).toMillis());
            }

            @Override
            public void cancel(Token<? extends TokenIdentifier> t) {
                // two rounds only: nothing is cancelled before the round after next
                throw new AssertionError("round 1 is still the fallback");
            }
        }, c -> ApplicationMasterTokens.distribute(c, new TaskManagerTokenPusher(cluster.jobManager().rpcService(),
                cluster.jobManager()::resourceManagerLeader)), System::currentTimeMillis, (task, delay) -> {}, 0.75,
                Duration.ofMinutes(10));
        manager.renew();
        manager.renew();

        assertEquals("round-2", new String(processToken(service).getIdentifier(), StandardCharsets.UTF_8));
        Credentials launch = new Credentials();
        ByteBuffer forContainers = TaskManagerLauncher.tokens();
        byte[] bytes = new byte[forContainers.remaining()];
        forContainers.get(bytes);
        launch.readTokenStorageStream(new DataInputStream(new ByteArrayInputStream(bytes)));
        assertEquals("round-2", new String(launch.getToken(new Text(service)).getIdentifier(), StandardCharsets.UTF_8),
                "a container launched now gets the renewed token");
        assertNull(launch.getToken(new Text("am-rm")), "the AM-RM token stays in the AM");
        assertNotEquals(0, launch.numberOfTokens());
    }
}
