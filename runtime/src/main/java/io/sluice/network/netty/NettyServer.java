package io.sluice.network.netty;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.sluice.network.partition.ResultPartitionManager;
import java.net.InetSocketAddress;

/** The TaskManager's data port: serves its result partitions to consumers in other TaskManagers. */
public final class NettyServer implements AutoCloseable {

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel channel;

    public NettyServer(String bindHost, int port, int threads, ResultPartitionManager partitions, int segmentSize)
            throws InterruptedException {
        boss = new NioEventLoopGroup(1, new DefaultThreadFactory("sluice-data-server-boss", true));
        workers = new NioEventLoopGroup(threads, new DefaultThreadFactory("sluice-data-server", true));
        try {
            channel = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.SO_KEEPALIVE, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(NettyProtocol.frameDecoder(segmentSize),
                                    new PartitionRequestServerHandler(partitions));
                        }
                    })
                    .bind(new InetSocketAddress(bindHost, port)).sync().channel();
        } catch (RuntimeException | InterruptedException e) {
            boss.shutdownGracefully();
            workers.shutdownGracefully();
            throw e;
        }
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly();
        boss.shutdownGracefully();
        workers.shutdownGracefully();
    }
}
