package io.sluice.network.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Dispatches frames from a producer TaskManager to the receiving input channels. */
@ChannelHandler.Sharable
final class ClientHandler extends ChannelInboundHandlerAdapter {

    private final Map<UUID, RemoteReceiver> receivers = new ConcurrentHashMap<>();

    void register(RemoteReceiver receiver) {
        receivers.put(receiver.receiverId(), receiver);
    }

    void unregister(UUID receiverId) {
        receivers.remove(receiverId);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        try {
            byte type = buf.readByte();
            UUID id = NettyProtocol.readUuid(buf);
            RemoteReceiver receiver = receivers.get(id);
            if (type == NettyProtocol.BUFFER) {
                int backlog = buf.readInt();
                int size = buf.readInt();
                if (receiver != null) {
                    receiver.onBuffer(buf, size, backlog);
                }
            } else if (type == NettyProtocol.ERROR) {
                boolean notFound = buf.readBoolean();
                byte[] data = new byte[buf.readInt()];
                buf.readBytes(data);
                if (receiver == null) {
                    return;
                }
                if (notFound) {
                    receivers.remove(id);
                    receiver.onPartitionNotFound();
                } else {
                    receivers.remove(id);
                    receiver.onProducerFailure(NettyProtocol.deserializeFailure(data));
                }
            }
        } finally {
            buf.release();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        failAll(new IOException("connection to TaskManager at " + ctx.channel().remoteAddress()
                + " was closed; the TaskManager may have died"));
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        failAll(new IOException("connection to TaskManager at " + ctx.channel().remoteAddress() + " failed: " + cause,
                cause));
        ctx.close();
    }

    private void failAll(Throwable cause) {
        for (RemoteReceiver r : new ArrayList<>(receivers.values())) {
            r.onConnectionLost(cause);
        }
        receivers.clear();
    }
}
