package io.sluice.network.netty;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Connections from this TaskManager to the data ports of others: one TCP connection per remote
 * TaskManager, shared by all input channels reading from it (each channel is a receiver id).
 */
public final class NettyClient implements AutoCloseable {

    private final EventLoopGroup group;
    private final int segmentSize;
    private final int connectTimeoutMillis;
    private final Map<InetSocketAddress, CompletableFuture<PartitionRequestClient>> connections = new ConcurrentHashMap<>();

    public NettyClient(int threads, int segmentSize, int connectTimeoutMillis) {
        this.group = new NioEventLoopGroup(threads, new DefaultThreadFactory("sluice-data-client", true));
        this.segmentSize = segmentSize;
        this.connectTimeoutMillis = connectTimeoutMillis;
    }

    /** The (shared) connection to {@code address}; a failed or closed one is replaced on the next call. */
    public CompletableFuture<PartitionRequestClient> connect(InetSocketAddress address) {
        CompletableFuture<PartitionRequestClient> existing = connections.get(address);
        if (existing != null && !(existing.isDone() && (existing.isCompletedExceptionally()
                || !existing.join().isActive()))) {
            return existing;
        }
        CompletableFuture<PartitionRequestClient> fresh = new CompletableFuture<>();
        if (existing == null ? connections.putIfAbsent(address, fresh) != null
                : !connections.replace(address, existing, fresh)) {
            return connections.get(address);
        }
        ClientHandler handler = new ClientHandler();
        ChannelFuture f = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(NettyProtocol.frameDecoder(segmentSize), handler);
                    }
                })
                .connect(address);
        f.addListener(done -> {
            if (done.isSuccess()) {
                Channel channel = f.channel();
                fresh.complete(new PartitionRequestClient(channel, handler));
            } else {
                connections.remove(address, fresh);
                fresh.completeExceptionally(new IOException("cannot connect to the data port of TaskManager at "
                        + address + ": " + done.cause(), done.cause()));
            }
        });
        return fresh;
    }

    @Override
    public void close() {
        group.shutdownGracefully();
    }
}
