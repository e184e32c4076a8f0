package io.sluice.rpc.akka;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Scheduler;
import akka.actor.typed.javadsl.AskPattern;
import io.sluice.rpc.FencingTokenException;
import io.sluice.rpc.RpcRef;
import io.sluice.rpc.RpcTimeoutException;
import io.sluice.rpc.SerializedThrowable;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/** An {@link RpcRef} on an actor ref; every message carries this ref's fencing token. */
final class AkkaRpcRef<M> implements RpcRef<M> {

    private final ActorRef<ActorMessage> actor;
    private final String address;
    private final UUID fencingToken;
    private final Scheduler scheduler;
    private final Duration defaultTimeout;

    AkkaRpcRef(ActorRef<ActorMessage> actor, String address, UUID fencingToken, Scheduler scheduler,
               Duration defaultTimeout) {
        this.actor = actor;
        this.address = address;
        this.fencingToken = fencingToken;
        this.scheduler = scheduler;
        this.defaultTimeout = defaultTimeout;
    }

    @Override
    public String address() {
        return address;
    }

    @Override
    public void tell(M message) {
        actor.tell(new ActorMessage.Request(message, fencingToken, null));
    }

    @Override
    public <R> CompletableFuture<R> ask(M message) {
        return ask(message, defaultTimeout);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <R> CompletableFuture<R> ask(M message, Duration timeout) {
        CompletableFuture<ActorMessage.Reply> reply = OwnerContext.completedInOwnerContext(
                AskPattern.<ActorMessage, ActorMessage.Reply>ask(
                        actor, replyTo -> new ActorMessage.Request(message, fencingToken, replyTo), timeout, scheduler));
        return reply.handle((r, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                if (cause instanceof TimeoutException) {
                    throw new RpcTimeoutException("no answer from " + address + " to "
                            + message.getClass().getSimpleName() + " within " + timeout
                            + ": the peer is slow, dead or unreachable");
                }
                throw new CompletionException(cause);
            }
            if (r.failure() != null) {
                throw new CompletionException(restore(r.failure()));
            }
            return (R) r.value();
        });
    }

    /** Failures the caller reacts to by type come back as that type, even from another JVM. */
    private static Throwable restore(Throwable failure) {
        if (failure instanceof SerializedThrowable s
                && FencingTokenException.class.getName().equals(s.originalClassName())) {
            return new FencingTokenException(s.getMessage());
        }
        return failure;
    }

    @Override
    public RpcRef<M> withFencingToken(UUID token) {
        return new AkkaRpcRef<>(actor, address, token, scheduler, defaultTimeout);
    }

    @Override
    public UUID fencingToken() {
        return fencingToken;
    }

    @Override
    public String toString() {
        return address + (fencingToken == null ? "" : " (token " + fencingToken + ")");
    }
}
