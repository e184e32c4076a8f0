package io.sluice.rpc;

/**
 * An RPC implementation: what starts {@link RpcService}s. The runtime finds it through
 * {@link #load()} and never names the implementation, so that in the distribution it can live in a
 * class loader of its own, with its dependencies (Akka, Scala, Typesafe Config) invisible to user code.
 */
public interface RpcSystem {

    /** Starts a service that listens as {@code settings} say; fails with a clear message when it cannot bind. */
    RpcService start(RpcServiceSettings settings);

    /**
     * This JVM's RPC system, loaded on the first call: from the component jar inside the distribution
     * jar when there is one, else from the class path (development, tests).
     */
    static RpcSystem load() {
        return RpcSystemLoader.system();
    }
}
