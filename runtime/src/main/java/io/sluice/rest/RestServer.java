package io.sluice.rest;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.multipart.DefaultHttpDataFactory;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP/1.1 server (Netty NIO) that serves the routes of a {@link Router}.
 *
 * <p>Lifecycle: {@link #start()} once, {@link #close()} any number of times. Closing stops
 * accepting connections, gives requests already handed to handlers a short grace period to be
 * answered, closes all connections and deletes uploads nobody kept.
 */
public final class RestServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RestServer.class);
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);
    /** Connections with no traffic for this long are closed, unless a handler is still working. */
    private static final Duration IDLE_CONNECTION_TIMEOUT = Duration.ofMinutes(5);

    private enum State { NEW, RUNNING, CLOSED }

    private final RestServerConfig config;
    private final Router router;
    private final LiveRequests live = new LiveRequests();
    private final Set<Channel> connections = ConcurrentHashMap.newKeySet();

    private State state = State.NEW; // guarded by this
    private EventLoopGroup bossGroup;
    private EventLoopGroup workerGroup;
    private Channel serverChannel;
    private volatile int port = -1;

    public RestServer(RestServerConfig config, Router router) {
        this.config = Objects.requireNonNull(config, "config");
        this.router = Objects.requireNonNull(router, "router");
    }

    /**
     * Creates the upload directory and binds the port.
     *
     * @return the bound port (the chosen one if the configured port is 0)
     * @throws BindException if the address is in use, with a message saying how to fix it
     * @throws IOException if the upload directory cannot be created or binding fails otherwise
     */
    public synchronized int start() throws IOException {
        if (state != State.NEW) {
            throw new IllegalStateException("REST server was already " + (state == State.RUNNING ? "started" : "closed"));
        }
        Path uploadDir = config.uploadDir().toAbsolutePath().normalize();
        try {
            Files.createDirectories(uploadDir);
        } catch (IOException e) {
            throw new IOException("cannot create the REST upload directory " + uploadDir + ": " + e, e);
        }
        // Disk-based parts, temporary files in the upload directory; no deleteOnExit, whose
        // bookkeeping would grow forever in a long-running JobManager.
        DefaultHttpDataFactory dataFactory = new DefaultHttpDataFactory(true);
        dataFactory.setBaseDir(uploadDir.toString());
        dataFactory.setDeleteOnExit(false);

        bossGroup = new NioEventLoopGroup(1, new DefaultThreadFactory("sluice-rest-boss", true));
        workerGroup = new NioEventLoopGroup(config.workerThreads(), new DefaultThreadFactory("sluice-rest-worker", true));
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        connections.add(channel);
                        channel.closeFuture().addListener(f -> connections.remove(channel));
                        channel.pipeline().addLast(
                                // observeOutput: a slow but progressing download is not idle
                                new IdleStateHandler(true, 0, 0, IDLE_CONNECTION_TIMEOUT.toSeconds(), TimeUnit.SECONDS),
                                new HttpServerCodec(),
                                new ChunkedWriteHandler(),
                                new RestChannelHandler(router, config.maxContentLength(), uploadDir, dataFactory, live));
                    }
                });
        ChannelFuture bind = bootstrap.bind(config.bindAddress(), config.port()).awaitUninterruptibly();
        if (!bind.isSuccess()) {
            shutDownEventLoops();
            state = State.CLOSED;
            throw bindFailure(bind.cause());
        }
        serverChannel = bind.channel();
        port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
        state = State.RUNNING;
        LOG.info("REST server listening on {}:{} (uploads in {})", config.bindAddress(), port, uploadDir);
        return port;
    }

    /** The bound port. */
    public int port() {
        int bound = port;
        if (bound < 0) {
            throw new IllegalStateException("REST server is not started");
        }
        return bound;
    }

    @Override
    public void close() {
        close(SHUTDOWN_GRACE);
    }

    /** As {@link #close()}, waiting at most {@code grace} for unanswered requests. */
    synchronized void close(Duration grace) {
        if (state == State.CLOSED) {
            return;
        }
        boolean wasRunning = state == State.RUNNING;
        state = State.CLOSED;
        if (!wasRunning) {
            return;
        }
        serverChannel.close().awaitUninterruptibly();
        if (!live.awaitIdle(grace)) {
            LOG.warn("Closing the REST server with {} request(s) still unanswered after {}", live.active(), grace);
        }
        for (Channel connection : connections) {
            connection.close();
        }
        shutDownEventLoops();
        live.deleteRemaining();
        LOG.info("REST server on port {} closed", port);
    }

    private void shutDownEventLoops() {
        Future<?> workers = workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        Future<?> boss = bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workers.awaitUninterruptibly(10, TimeUnit.SECONDS);
        boss.awaitUninterruptibly(10, TimeUnit.SECONDS);
    }

    private IOException bindFailure(Throwable cause) {
        String where = config.bindAddress() + ":" + config.port();
        if (cause instanceof BindException) {
            String message = String.valueOf(cause.getMessage());
            BindException e = new BindException(message.toLowerCase(Locale.ROOT).contains("in use")
                    ? "cannot bind REST server to " + where + ": address already in use; set "
                            + RestServerConfig.PORT_KEY + " to a free port or 0"
                    : "cannot bind REST server to " + where + ": " + message
                            + "; the bind address must belong to this host");
            e.initCause(cause);
            return e;
        }
        return new IOException("cannot bind REST server to " + where + ": " + cause, cause);
    }
}
