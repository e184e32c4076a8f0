package io.sluice.rpc;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Hosts RPC endpoints and connects to remote ones. One per process (JobManager, TaskManager,
 * client); the implementation (Akka today) stays behind this interface.
 */
public interface RpcService extends AutoCloseable {

    /** The host name other processes use to reach this service. */
    String address();

    /** The port this service accepts connections on (the real one when 0 was configured). */
    int port();

    /** Address of an endpoint named {@code endpointName} on a service at host:port. */
    String endpointAddress(String host, int port, String endpointName);

    /**
     * Resolves the endpoint at {@code address}. Fails with {@link RpcConnectionException} when
     * nothing answers there within the ask timeout.
     */
    <M> CompletableFuture<RpcRef<M>> connect(String address, Class<M> protocol);

    /** Like {@link #connect(String, Class)}, for fenced endpoints: every message carries {@code fencingToken}. */
    <M> CompletableFuture<RpcRef<M>> connect(String address, java.util.UUID fencingToken, Class<M> protocol);

    /** For delays and timeouts; tasks must not block, they hand work to endpoints. */
    ScheduledExecutorService scheduledExecutor();

    /** The default timeout of {@link RpcRef#ask(Object)}. */
    java.time.Duration askTimeout();

    /** Starts hosting the endpoint; called by {@link RpcEndpoint}'s constructor. */
    <M> RpcServer startServer(RpcEndpoint<M> endpoint);

    /** Stops all endpoints and the transport. */
    CompletableFuture<Void> closeAsync();

    @Override
    default void close() throws Exception {
        closeAsync().get();
    }
}
