package io.sluice.rpc;

/** An endpoint address could not be resolved: nothing answers there. */
public class RpcConnectionException extends RpcException {
    public RpcConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
