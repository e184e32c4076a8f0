package io.sluice.rpc;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An RPC endpoint: a single-threaded component whose state is touched only by its own messages
 * (the "main thread"), so it needs no locks. Subclasses handle messages of their sealed protocol
 * {@code M} in {@link #handle(Object)}; blocking work runs elsewhere and reports back through
 * {@link #runAsync(Runnable)} or {@link #mainThreadExecutor()}.
 */
public abstract class RpcEndpoint<M> {

    protected final Logger log = LoggerFactory.getLogger(getClass());

    private final RpcService rpcService;
    private final String endpointName;
    private final Class<M> protocol;
    private final RpcServer server;
    private final CompletableFuture<Void> terminationFuture = new CompletableFuture<>();
    private final Executor mainThreadExecutor;

    /** The thread currently running this endpoint's message; only for assertions. */
    private volatile Thread mainThread;

    protected RpcEndpoint(RpcService rpcService, String endpointName, Class<M> protocol) {
        this.rpcService = rpcService;
        this.endpointName = endpointName;
        this.protocol = protocol;
        this.mainThreadExecutor = this::runAsync;
        this.server = rpcService.startServer(this);
    }

    /**
     * Handles one message on the main thread. The return value is the reply: a value, a
     * {@link CompletableFuture} completed later, or null for requests without an answer.
     * A thrown exception becomes the caller's failure.
     */
    protected abstract Object handle(M message) throws Exception;

    /** Called on the main thread once the endpoint is started. A failure stops the endpoint. */
    protected void onStart() throws Exception {}

    /** Called on the main thread when the endpoint stops; the returned future delays termination. */
    protected CompletableFuture<Void> onStop() {
        return CompletableFuture.completedFuture(null);
    }

    public final void start() {
        server.tellSelf(new EndpointControl.Start());
    }

    public final CompletableFuture<Void> closeAsync() {
        server.tellSelf(new EndpointControl.Stop());
        return terminationFuture;
    }

    public final CompletableFuture<Void> terminationFuture() {
        return terminationFuture;
    }

    public final String address() {
        return server.address();
    }

    public final String endpointName() {
        return endpointName;
    }

    public final Class<M> protocol() {
        return protocol;
    }

    public final RpcService rpcService() {
        return rpcService;
    }

    /** A ref to this endpoint, e.g. to hand to peers in-process. */
    protected final RpcRef<M> selfRef() {
        return server.selfRef();
    }

    final <T> RpcRef<T> selfRefUntyped() {
        return server.selfRef();
    }

    /** Runs {@code runnable} on the main thread, after the messages already queued. */
    protected final void runAsync(Runnable runnable) {
        server.tellSelf(new EndpointControl.RunAsync(runnable));
    }

    /** Runs {@code runnable} on the main thread after {@code delay}. */
    protected final void scheduleRunAsync(Runnable runnable, Duration delay) {
        rpcService.scheduledExecutor().schedule(() -> runAsync(runnable), delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Runs {@code callable} on the main thread and completes with its result, or fails after {@code timeout}. */
    protected final <V> CompletableFuture<V> callAsync(Callable<V> callable, Duration timeout) {
        CompletableFuture<V> result = new CompletableFuture<>();
        runAsync(() -> {
            try {
                result.complete(callable.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .exceptionallyCompose(t -> t instanceof TimeoutException
                        ? CompletableFuture.failedFuture(new RpcTimeoutException(
                                endpointName + " did not run the call within " + timeout))
                        : CompletableFuture.failedFuture(t));
    }

    /** An executor whose tasks run on the main thread; for continuations of futures. */
    protected final Executor mainThreadExecutor() {
        return mainThreadExecutor;
    }

    /** Fails fast when endpoint state is touched from a foreign thread (a bug). */
    protected final void assertRunsInMainThread() {
        if (Thread.currentThread() != mainThread) {
            throw new IllegalStateException(endpointName + ": state touched outside the endpoint's main thread ("
                    + Thread.currentThread().getName() + ")");
        }
    }

    // ---- called by the transport, on the main thread ----

    /** Entered before each message and left after; used by {@link #assertRunsInMainThread()}. */
    public final void enterMainThread() {
        mainThread = Thread.currentThread();
    }

    public final void leaveMainThread() {
        mainThread = null;
    }

    public final void internalStart() throws Exception {
        onStart();
    }

    public final CompletableFuture<Void> internalStop() {
        try {
            return onStop();
        } catch (Throwable t) {
            return CompletableFuture.failedFuture(t);
        }
    }

    public final void internalTerminated(Throwable failure) {
        if (failure == null) {
            terminationFuture.complete(null);
        } else {
            terminationFuture.completeExceptionally(failure);
        }
    }

    /**
     * Decides whether a request with {@code fencingToken} may be handled; unfenced endpoints accept
     * everything. Throws {@link FencingTokenException} when the message must be dropped.
     */
    public void checkFencingToken(Object message, java.util.UUID fencingToken) {}

    @SuppressWarnings("unchecked")
    public final Object internalHandle(Object message) throws Exception {
        if (!protocol.isInstance(message)) {
            throw new RpcException(endpointName + " does not understand " + message.getClass().getName()
                    + " (expects " + protocol.getName() + "): the sender talks to the wrong endpoint");
        }
        return handle((M) message);
    }

    @Override
    public String toString() {
        return endpointName + "@" + (server == null ? "?" : server.address());
    }
}
