package io.sluice.rpc;

import java.util.Objects;
import java.util.UUID;

/**
 * An endpoint that acts only while it is leader. Messages must carry its current fencing token
 * (leader session id); others are rejected, so peers that still talk to an earlier leader, or an
 * earlier leader itself, cannot change its state.
 */
public abstract class FencedRpcEndpoint<M> extends RpcEndpoint<M> {

    /** Null while not leader: then every fenced message is rejected. Written on the main thread only. */
    private volatile UUID fencingToken;

    protected FencedRpcEndpoint(RpcService rpcService, String endpointName, Class<M> protocol) {
        super(rpcService, endpointName, protocol);
    }

    protected final void setFencingToken(UUID token) {
        this.fencingToken = token;
    }

    public final UUID fencingToken() {
        return fencingToken;
    }

    /** A ref to this endpoint carrying its current token, for in-process peers. */
    public final <T> RpcRef<T> selfRefWithToken() {
        return this.<T>selfRefUntyped().withFencingToken(fencingToken);
    }

    @Override
    public final void checkFencingToken(Object message, UUID messageToken) {
        if (message instanceof UnfencedMessage) {
            return;
        }
        UUID current = fencingToken;
        if (current == null) {
            throw new FencingTokenException(endpointName() + " is not leader (it has no fencing token): "
                    + message.getClass().getSimpleName() + " dropped");
        }
        if (!Objects.equals(current, messageToken)) {
            throw new FencingTokenException("fencing token mismatch at " + endpointName() + ": message "
                    + message.getClass().getSimpleName() + " carries " + messageToken + ", current leader is "
                    + current + "; the sender talks to a former leader");
        }
    }
}
