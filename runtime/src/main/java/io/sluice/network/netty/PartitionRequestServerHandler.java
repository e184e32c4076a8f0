package io.sluice.network.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.sluice.network.buffer.Buffer;
import io.sluice.network.partition.PartitionNotFoundException;
import io.sluice.network.partition.ProducerFailedException;
import io.sluice.network.partition.ResultPartitionId;
import io.sluice.network.partition.ResultPartitionManager;
import io.sluice.network.partition.ResultSubpartition;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer TaskManager's connection: its subscribed subpartitions ("readers") and their credit.
 * A reader is written only while it has credit (free buffers announced by the consumer) and data;
 * without credit its buffers stay queued in the producer, whose bounded pool then runs dry and
 * stops the producing task. Runs on the connection's event loop only, so no locks.
 */
final class PartitionRequestServerHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionRequestServerHandler.class);

    private final ResultPartitionManager partitions;
    private final Map<UUID, Reader> readers = new HashMap<>();
    private final ArrayDeque<Reader> available = new ArrayDeque<>();
    private ChannelHandlerContext ctx;

    PartitionRequestServerHandler(ResultPartitionManager partitions) {
        this.partitions = partitions;
    }

    private final class Reader {
        final UUID receiver;
        ResultSubpartition view;
        int credit;
        boolean queued;

        Reader(UUID receiver, int credit) {
            this.receiver = receiver;
            this.credit = credit;
        }

        /** Producer thread: hop to the event loop. */
        void notifyDataAvailable() {
            ctx.executor().execute(() -> {
                enqueue(this);
                writeAvailable();
            });
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        this.ctx = ctx;
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        try {
            byte type = buf.readByte();
            UUID receiver = NettyProtocol.readUuid(buf);
            switch (type) {
                case NettyProtocol.PARTITION_REQUEST -> {
                    ResultPartitionId id = new ResultPartitionId(NettyProtocol.readUuid(buf), buf.readInt());
                    int subpartition = buf.readInt();
                    int credit = buf.readInt();
                    Reader reader = new Reader(receiver, credit);
                    try {
                        reader.view = partitions.createView(id, subpartition, reader::notifyDataAvailable);
                    } catch (PartitionNotFoundException e) {
                        writeError(receiver, true, e);
                        return;
                    } catch (RuntimeException e) {
                        writeError(receiver, false, e);
                        return;
                    }
                    readers.put(receiver, reader);
                    enqueue(reader);
                }
                case NettyProtocol.ADD_CREDIT -> {
                    Reader reader = readers.get(receiver);
                    if (reader != null) {
                        reader.credit += buf.readInt();
                        enqueue(reader);
                    }
                }
                case NettyProtocol.CANCEL -> {
                    Reader reader = readers.remove(receiver);
                    if (reader != null) {
                        reader.view.releaseView();
                    }
                }
                default -> throw new IllegalStateException("unknown message type " + type);
            }
        } finally {
            buf.release();
        }
        writeAvailable();
    }

    private void enqueue(Reader reader) {
        if (reader.queued || readers.get(reader.receiver) != reader) {
            return;
        }
        ResultSubpartition view = reader.view;
        // a failure is reported without credit: the consumer must learn of it even when its buffers are full
        if (view.isAvailable() && reader.credit > 0 || view.isFullyConsumed() || view.isReleased()) {
            reader.queued = true;
            available.add(reader);
        }
    }

    private void writeAvailable() {
        boolean wrote = false;
        while (ctx.channel().isWritable()) {
            Reader reader = available.poll();
            if (reader == null) {
                break;
            }
            reader.queued = false;
            if (readers.get(reader.receiver) != reader) {
                continue;
            }
            Buffer buffer;
            try {
                buffer = reader.credit > 0 || reader.view.isReleased() ? reader.view.poll() : null;
            } catch (ProducerFailedException e) {
                readers.remove(reader.receiver);
                writeError(reader.receiver, false, e);
                reader.view.releaseView();
                continue;
            }
            if (buffer == null) {
                if (reader.view.isFullyConsumed()) {
                    readers.remove(reader.receiver);
                    reader.view.releaseView();
                }
                continue;
            }
            reader.credit--;
            int backlog = reader.view.backlog();
            ByteBuf header = ctx.alloc().buffer(4 + NettyProtocol.BUFFER_HEADER);
            header.writeInt(NettyProtocol.BUFFER_HEADER + buffer.size());
            header.writeByte(NettyProtocol.BUFFER);
            NettyProtocol.writeUuid(header, reader.receiver);
            header.writeInt(backlog);
            header.writeInt(buffer.size());
            ctx.write(header);
            ctx.write(Unpooled.wrappedBuffer(buffer.memory(), 0, buffer.size()))
                    .addListener(f -> buffer.recycle());
            wrote = true;
            enqueue(reader);
        }
        if (wrote) {
            ctx.flush();
        }
    }

    private void writeError(UUID receiver, boolean notFound, Throwable cause) {
        byte[] failure = notFound ? cause.getMessage().getBytes(StandardCharsets.UTF_8)
                : NettyProtocol.serializeFailure(cause);
        ByteBuf buf = NettyProtocol.frame(ctx.alloc(), NettyProtocol.ERROR, 16 + 1 + 4 + failure.length);
        NettyProtocol.writeUuid(buf, receiver);
        buf.writeBoolean(notFound);
        buf.writeInt(failure.length);
        buf.writeBytes(failure);
        ctx.writeAndFlush(buf);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        writeAvailable();
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        releaseAll();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.warn("Data connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        releaseAll();
        ctx.close();
    }

    private void releaseAll() {
        for (Reader r : readers.values()) {
            r.view.releaseView();
        }
        readers.clear();
        available.clear();
    }
}
