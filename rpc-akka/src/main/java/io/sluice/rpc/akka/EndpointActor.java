package io.sluice.rpc.akka;

import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import io.sluice.rpc.EndpointControl;
import io.sluice.rpc.RpcEndpoint;
import io.sluice.rpc.RpcException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one {@link RpcEndpoint}: its messages are the endpoint's main thread. */
final class EndpointActor extends AbstractBehavior<ActorMessage> {

    private static final Logger LOG = LoggerFactory.getLogger(EndpointActor.class);

    private enum State { CREATED, STARTED, STOPPING }

    private final RpcEndpoint<?> endpoint;
    private State state = State.CREATED;

    private EndpointActor(ActorContext<ActorMessage> context, RpcEndpoint<?> endpoint) {
        super(context);
        this.endpoint = endpoint;
    }

    static Behavior<ActorMessage> create(RpcEndpoint<?> endpoint) {
        return Behaviors.setup(ctx -> new EndpointActor(ctx, endpoint));
    }

    @Override
    public Receive<ActorMessage> createReceive() {
        return newReceiveBuilder()
                .onMessage(ActorMessage.Request.class, m -> OwnerContext.call(() -> onRequest(m)))
                .onMessage(ActorMessage.Control.class, m -> OwnerContext.call(() -> onControl(m)))
                .onMessage(ActorMessage.Terminate.class, m -> OwnerContext.call(() -> onTerminate(m)))
                .build();
    }

    private Behavior<ActorMessage> onRequest(ActorMessage.Request request) {
        if (state != State.STARTED) {
            if (request.replyTo() == null) {
                LOG.debug("{} is not running: {} dropped", endpoint.endpointName(), request.payload().getClass().getSimpleName());
                return this;
            }
            reply(request, null, new RpcException(endpoint.endpointName() + " is "
                    + (state == State.CREATED ? "not started yet" : "shutting down") + ": "
                    + request.payload().getClass().getSimpleName() + " not handled"));
            return this;
        }
        endpoint.enterMainThread();
        try {
            endpoint.checkFencingToken(request.payload(), request.fencingToken());
            Object result = endpoint.internalHandle(request.payload());
            if (result instanceof CompletionStage<?> stage) {
                stage.whenComplete((value, failure) -> reply(request, value, unwrap(failure)));
            } else {
                reply(request, result, null);
            }
        } catch (Throwable t) {
            reply(request, null, t);
        } finally {
            endpoint.leaveMainThread();
        }
        return this;
    }

    private void reply(ActorMessage.Request request, Object value, Throwable failure) {
        if (request.replyTo() != null) {
            request.replyTo().tell(new ActorMessage.Reply(value, failure));
        } else if (failure != null) {
            LOG.warn("{} failed to handle {}: {}", endpoint.endpointName(),
                    request.payload().getClass().getSimpleName(), failure.toString());
        }
    }

    private Behavior<ActorMessage> onControl(ActorMessage.Control message) {
        endpoint.enterMainThread();
        try {
            EndpointControl control = message.control();
            if (control instanceof EndpointControl.RunAsync run) {
                runSafely(run.runnable());
            } else if (control instanceof EndpointControl.Start) {
                if (state == State.CREATED) {
                    state = State.STARTED;
                    try {
                        endpoint.internalStart();
                    } catch (Throwable t) {
                        LOG.error("{} failed to start; stopping it", endpoint.endpointName(), t);
                        beginStop();
                    }
                }
            } else if (control instanceof EndpointControl.Stop) {
                beginStop();
            }
        } finally {
            endpoint.leaveMainThread();
        }
        return this;
    }

    private void runSafely(Runnable runnable) {
        try {
            runnable.run();
        } catch (Throwable t) {
            // A failing callback is a bug in the endpoint; keep the endpoint alive and make it visible.
            LOG.error("Unhandled exception in {} while running an asynchronous action", endpoint.endpointName(), t);
        }
    }

    private void beginStop() {
        if (state == State.STOPPING) {
            return;
        }
        state = State.STOPPING;
        endpoint.internalStop().whenComplete((v, failure) ->
                getContext().getSelf().tell(new ActorMessage.Terminate(unwrap(failure))));
    }

    private Behavior<ActorMessage> onTerminate(ActorMessage.Terminate terminate) {
        endpoint.internalTerminated(terminate.failure());
        return Behaviors.stopped();
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }
}
