package io.sluice.entrypoint;

import io.sluice.rpc.FencingTokenException;
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
    private final Supplier<String> leaderHint;

    /** @param leaderHint where the leader is (its REST URL), for the error a standby answers; may return null */
    CurrentLeaderRef(RpcRef<M> base, Supplier<UUID> currentToken, Supplier<String> leaderHint) {
        this.base = base;
        this.currentToken = currentToken;
        this.leaderHint = leaderHint;
    }

    /** Replaces the endpoint's "no fencing token" failure by one that says where the leader is. */
    private <R> CompletableFuture<R> explained(CompletableFuture<R> reply) {
        return reply.exceptionallyCompose(t -> {
            Throwable cause = t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
            if (!io.sluice.rpc.SerializedThrowable.isCausedBy(cause, FencingTokenException.class)) {
                return CompletableFuture.failedFuture(t);
            }
            String leader = leaderHint.get();
            return CompletableFuture.failedFuture(new FencingTokenException("this JobManager is not the leader "
                    + "(standby, or leadership is being taken over); "
                    + (leader == null ? "no leader is known yet, retry shortly" : "the leader's REST API is at " + leader)));
        });
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
        return explained(current().ask(message, timeout));
    }

    @Override
    public <R> CompletableFuture<R> ask(M message) {
        return explained(current().ask(message));
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
