package io.sluice.rpc;

/**
 * Marks a message that a fenced endpoint accepts without a matching fencing token, for example a
 * request that asks who the leader is.
 */
public interface UnfencedMessage {}
