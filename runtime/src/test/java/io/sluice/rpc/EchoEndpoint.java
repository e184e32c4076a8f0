package io.sluice.rpc;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A fenced endpoint for RPC tests and benchmarks; fenced with a token given at construction. */
public class EchoEndpoint extends FencedRpcEndpoint<EchoProtocol> {

    public static final String NAME = "echo";

    private int counter;

    public EchoEndpoint(RpcService rpcService, String name, java.util.UUID token) {
        super(rpcService, name, EchoProtocol.class);
        setFencingToken(token);
    }

    @Override
    protected Object handle(EchoProtocol message) {
        if (message instanceof EchoProtocol.Echo echo) {
            return echo.text();
        } else if (message instanceof EchoProtocol.EchoAll all) {
            return new EchoProtocol.Pair(String.join(",", all.texts()),
                    all.counts().values().stream().sorted().toList());
        } else if (message instanceof EchoProtocol.Fail fail) {
            throw new IllegalArgumentException(fail.message());
        } else if (message instanceof EchoProtocol.ReplyLater later) {
            return CompletableFuture.supplyAsync(() -> later.text(),
                    CompletableFuture.delayedExecutor(later.millis(), TimeUnit.MILLISECONDS));
        } else if (message instanceof EchoProtocol.Ignore) {
            return new CompletableFuture<>();
        } else if (message instanceof EchoProtocol.Increment) {
            assertRunsInMainThread();
            return ++counter;
        } else if (message instanceof EchoProtocol.BecomeLeader leader) {
            setFencingToken(leader.token());
            return leader.token();
        }
        throw new IllegalStateException("unknown " + message);
    }
}
