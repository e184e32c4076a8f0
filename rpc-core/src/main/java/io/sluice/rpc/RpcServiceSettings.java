package io.sluice.rpc;

import java.time.Duration;

/**
 * How an {@link RpcService} listens and how long it waits.
 *
 * @param bindHost       interface to listen on (e.g. 0.0.0.0)
 * @param advertisedHost host name peers use; messages addressed to another name are dropped by the
 *                       transport, so all peers must use exactly this name
 * @param port           0 = any free port
 */
public record RpcServiceSettings(String bindHost, String advertisedHost, int port, Duration askTimeout,
                                 long maxFrameSizeBytes) {

    public static RpcServiceSettings loopback() {
        return new RpcServiceSettings("127.0.0.1", "127.0.0.1", 0, Duration.ofSeconds(10), 10L << 20);
    }

    public RpcServiceSettings withAskTimeout(Duration timeout) {
        return new RpcServiceSettings(bindHost, advertisedHost, port, timeout, maxFrameSizeBytes);
    }
}
