package io.sluice.entrypoint;

import io.sluice.rpc.RpcRef;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A ref to an in-process leader endpoint whose messages always carry the endpoint's CURRENT fencing
 * token: the REST API keeps one ref across leader sessions. While the endpoint is not leader, its
 * messages fail with a FencingTokenException (the REST API answers 503).
 */
final class CurrentLeaderRef<M> implements RpcRef<M> {

    private final RpcRef<M> base;
    private final Supplier<UUID> currentToken;

    CurrentLeaderRef(RpcRef<M> base, Supplier<UUID> currentToken) {
        this.base = base;
        this.currentToken = currentToken;
    }

    private RpcRef<M> current() {
        return base.withFencingToken(currentToken.get());
    }

    @Override
    public String address() {
        return base.address();
    }

    @Override
    public void tell(M message) {
        current().tell(message);
    }

    @Override
    public <R> CompletableFuture<R> ask(M message, Duration timeout) {
        return current().ask(message, timeout);
    }

    @Override
    public <R> CompletableFuture<R> ask(M message) {
        return current().ask(message);
    }

    @Override
    public RpcRef<M> withFencingToken(UUID fencingToken) {
        return base.withFencingToken(fencingToken);
    }

    @Override
    public UUID fencingToken() {
        return currentToken.get();
    }
}
