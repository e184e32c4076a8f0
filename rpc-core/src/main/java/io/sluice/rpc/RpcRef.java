package io.sluice.rpc;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * A handle to an endpoint that understands messages of type {@code M}. Gateways wrap it so that
 * callers see typed Java methods; the handle itself is cheap and thread-safe.
 */
public interface RpcRef<M> {

    String address();

    /** Fire and forget. */
    void tell(M message);

    /**
     * Sends a request and completes with the endpoint's reply, exceptionally with the endpoint's
     * failure, {@link RpcTimeoutException} when no reply comes in time, or
     * {@link FencingTokenException} when the endpoint no longer has the token this ref carries.
     */
    <R> CompletableFuture<R> ask(M message, Duration timeout);

    /** {@link #ask(Object, Duration)} with the service's default timeout. */
    <R> CompletableFuture<R> ask(M message);

    /** A ref to the same endpoint whose messages carry {@code fencingToken}. */
    RpcRef<M> withFencingToken(UUID fencingToken);

    /** The token this ref's messages carry; null for unfenced refs. */
    UUID fencingToken();
}
