package io.sluice.rpc;

/** Base of the failures the RPC layer itself reports (as opposed to the endpoint's own failures). */
public class RpcException extends RuntimeException {
    public RpcException(String message) {
        super(message);
    }

    public RpcException(String message, Throwable cause) {
        super(message, cause);
    }
}
