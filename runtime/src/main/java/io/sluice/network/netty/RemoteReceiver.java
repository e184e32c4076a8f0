package io.sluice.network.netty;

import io.netty.buffer.ByteBuf;
import java.util.UUID;

/** What the client side of a connection delivers to: a remote input channel. Called on the event loop. */
public interface RemoteReceiver {

    UUID receiverId();

    /** A buffer of {@code size} bytes (readable from {@code data}); {@code backlog} more are queued at the producer. */
    void onBuffer(ByteBuf data, int size, int backlog);

    /** The producer has not registered the partition yet (not deployed yet): retry later. */
    void onPartitionNotFound();

    /** The producer failed or released the partition. */
    void onProducerFailure(Throwable cause);

    void onConnectionLost(Throwable cause);

    /** Credit gathered since the last announcement, reset to 0. */
    int takeUnannouncedCredit();
}
