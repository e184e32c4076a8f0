package io.sluice.rpc;

/** Messages an endpoint sends to itself; never leave the process. */
public sealed interface EndpointControl {

    record Start() implements EndpointControl {}

    record RunAsync(Runnable runnable) implements EndpointControl {}

    record Stop() implements EndpointControl {}
}
