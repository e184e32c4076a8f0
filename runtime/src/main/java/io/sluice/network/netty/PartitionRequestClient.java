package io.sluice.network.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.sluice.network.partition.ResultPartitionId;
import java.util.UUID;

/** A connection to one producer TaskManager, as the input channels use it. */
public final class PartitionRequestClient {

    private final Channel channel;
    private final ClientHandler handler;

    PartitionRequestClient(Channel channel, ClientHandler handler) {
        this.channel = channel;
        this.handler = handler;
    }

    boolean isActive() {
        return channel.isActive();
    }

    /** Subscribes {@code receiver} to one subpartition, granting it {@code credit} buffers to start with. */
    public void requestPartition(RemoteReceiver receiver, ResultPartitionId id, int subpartition, int credit) {
        handler.register(receiver);
        channel.eventLoop().execute(() -> {
            if (!channel.isActive()) {
                handler.unregister(receiver.receiverId());
                receiver.onConnectionLost(new java.io.IOException("connection to " + channel.remoteAddress() + " is closed"));
                return;
            }
            ByteBuf buf = NettyProtocol.frame(channel.alloc(), NettyProtocol.PARTITION_REQUEST, 16 + 16 + 4 + 4 + 4);
            NettyProtocol.writeUuid(buf, receiver.receiverId());
            NettyProtocol.writeUuid(buf, id.producerAttempt());
            buf.writeInt(id.resultIndex());
            buf.writeInt(subpartition);
            buf.writeInt(credit);
            channel.writeAndFlush(buf);
        });
    }

    /** Announces credit the receiver has gathered; it is read (and reset) on the event loop, so several announcements merge. */
    public void announceCredit(RemoteReceiver receiver) {
        channel.eventLoop().execute(() -> {
            int credit = receiver.takeUnannouncedCredit();
            if (credit > 0 && channel.isActive()) {
                ByteBuf buf = NettyProtocol.frame(channel.alloc(), NettyProtocol.ADD_CREDIT, 16 + 4);
                NettyProtocol.writeUuid(buf, receiver.receiverId());
                buf.writeInt(credit);
                channel.writeAndFlush(buf);
            }
        });
    }

    /** The receiver stops reading (consumer finished or failed): the producer releases the subpartition. */
    public void cancel(UUID receiverId) {
        handler.unregister(receiverId);
        channel.eventLoop().execute(() -> {
            if (channel.isActive()) {
                ByteBuf buf = NettyProtocol.frame(channel.alloc(), NettyProtocol.CANCEL, 16);
                NettyProtocol.writeUuid(buf, receiverId);
                channel.writeAndFlush(buf);
            }
        });
    }

    /** Retry a request later, on this connection's event loop. */
    public void schedule(Runnable action, long delayMillis) {
        channel.eventLoop().schedule(action, delayMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
    }
}
