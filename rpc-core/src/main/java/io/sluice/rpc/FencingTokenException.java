package io.sluice.rpc;

/**
 * A message carried a fencing token that is not the endpoint's current one: it was meant for an
 * earlier (or later) leader and was dropped, so a stale leader cannot change the current state.
 */
public class FencingTokenException extends RpcException {
    public FencingTokenException(String message) {
        super(message);
    }
}
