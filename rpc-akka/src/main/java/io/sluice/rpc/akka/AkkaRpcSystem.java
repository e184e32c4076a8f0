package io.sluice.rpc.akka;

import io.sluice.rpc.RpcService;
import io.sluice.rpc.RpcServiceSettings;
import io.sluice.rpc.RpcSystem;

/** The Akka {@link RpcSystem}, found by {@link RpcSystem#load()} through {@code META-INF/services}. */
public final class AkkaRpcSystem implements RpcSystem {

    @Override
    public RpcService start(RpcServiceSettings settings) {
        return AkkaRpcService.start(settings);
    }
}
