package io.sluice.rpc.akka;

import akka.actor.typed.ActorRef;
import io.sluice.rpc.EndpointControl;
import java.util.UUID;

/** What an endpoint actor receives. Requests may come from other processes; the rest is local. */
sealed interface ActorMessage {

    /** A protocol message for the endpoint; {@code replyTo} is null for fire-and-forget. */
    record Request(Object payload, UUID fencingToken, ActorRef<Reply> replyTo) implements ActorMessage, RemoteMessage {}

    record Control(EndpointControl control) implements ActorMessage {}

    /** The endpoint's onStop future completed: the actor stops. */
    record Terminate(Throwable failure) implements ActorMessage {}

    /** The answer to a request: a value or a failure. */
    record Reply(Object value, Throwable failure) implements RemoteMessage {}
}
