package io.sluice.rpc;

/** The transport side of one started endpoint; used only by {@link RpcEndpoint}. */
public interface RpcServer {

    String address();

    /** Delivers a local control message (start, run-async, stop) to the endpoint's own mailbox. */
    void tellSelf(EndpointControl control);

    /** A ref that reaches this endpoint (without fencing token). */
    <M> RpcRef<M> selfRef();
}
