package io.sluice.rpc;

/** No reply within the ask timeout: the peer is slow, dead, or unreachable. */
public class RpcTimeoutException extends RpcException {
    public RpcTimeoutException(String message) {
        super(message);
    }
}
