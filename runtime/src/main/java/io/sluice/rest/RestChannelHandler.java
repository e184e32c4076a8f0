package io.sluice.rest;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.multipart.HttpDataFactory;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's request cycle: receives a request while enforcing the size limit, routes it,
 * calls the handler and writes its answer, one request at a time (HTTP/1.1 keep-alive, in-order
 * answers for pipelined requests). All methods run on the connection's event loop.
 */
final class RestChannelHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(RestChannelHandler.class);

    /** How long we keep reading (and dropping) a refused body so the client can see our answer. */
    private static final long DRAIN_TIMEOUT_MILLIS = 5_000;
    /** Non-multipart bodies are kept in one byte array. */
    private static final long MAX_IN_MEMORY_BODY = Integer.MAX_VALUE - 16;

    private enum Phase { IDLE, RECEIVING, DISPATCHED, DRAINING, CLOSING }

    private final Router router;
    private final long maxContentLength;
    private final Path uploadDir;
    private final HttpDataFactory dataFactory;
    private final LiveRequests live;

    /** Messages read while a handler runs (pipelining); replayed after its answer. */
    private final ArrayDeque<Object> queued = new ArrayDeque<>();
    private Phase phase = Phase.IDLE;

    // State of the request being received; reset by releaseRequest().
    private HttpRequest request;
    private boolean keepAlive;
    private long received;
    private String path;
    private Map<String, List<String>> query;
    private RouteMatch.Found route;
    private ByteBuf body;
    private MultipartReceiver multipart;
    /** Answer already decided (404, bad upload name, ...); sent once the body has been read. */
    private RestResponse deferred;
    private ChannelFuture refusal;

    RestChannelHandler(Router router, long maxContentLength, Path uploadDir, HttpDataFactory dataFactory,
            LiveRequests live) {
        this.router = router;
        this.maxContentLength = maxContentLength;
        this.uploadDir = uploadDir;
        this.dataFactory = dataFactory;
        this.live = live;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (phase == Phase.DISPATCHED) {
            queued.add(msg);
            return;
        }
        try {
            process(ctx, msg);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void process(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpObject http && http.decoderResult().isFailure()) {
            Throwable cause = http.decoderResult().cause();
            releaseRequest();
            if (phase == Phase.DRAINING || phase == Phase.CLOSING) {
                ctx.close(); // already answered
                return;
            }
            refuseAndClose(ctx, HttpResponseStatus.BAD_REQUEST, "malformed HTTP request: " + cause.getMessage());
            return;
        }
        if (msg instanceof HttpRequest httpRequest) {
            onRequest(ctx, httpRequest);
        }
        if (msg instanceof HttpContent content) {
            onContent(ctx, content);
        }
    }

    private void onRequest(ChannelHandlerContext ctx, HttpRequest httpRequest) {
        if (phase != Phase.IDLE) {
            return; // draining or closing: later requests on this connection are not served
        }
        phase = Phase.RECEIVING;
        request = httpRequest;
        keepAlive = HttpUtil.isKeepAlive(httpRequest);
        received = 0;
        if (HttpUtil.getContentLength(httpRequest, -1L) > maxContentLength) {
            refuseTooLarge(ctx, false);
            return;
        }
        try {
            prepare(ctx, httpRequest);
        } catch (RestException e) {
            deferred = RestResponse.error(e.status(), e.getMessage());
        }
        if (HttpUtil.is100ContinueExpected(httpRequest)) {
            if (deferred == null) {
                ctx.writeAndFlush(new DefaultFullHttpResponse(
                        HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER));
            } else {
                // the client waits for our verdict before sending the body: answer now
                RestResponse answer = deferred;
                releaseRequest();
                refuseAndDrain(ctx, answer, false);
            }
        }
    }

    /** Routes the request and sets up body reception; a RestException becomes the answer. */
    private void prepare(ChannelHandlerContext ctx, HttpRequest httpRequest) {
        RouteMatch match;
        try {
            QueryStringDecoder decoder = new QueryStringDecoder(httpRequest.uri());
            path = decoder.path();
            query = decoder.parameters();
            match = router.route(httpRequest.method(), httpRequest.uri());
        } catch (IllegalArgumentException e) {
            throw new RestException(HttpResponseStatus.BAD_REQUEST,
                    "malformed request URI '" + httpRequest.uri() + "': " + e.getMessage());
        }
        HttpMethod method = httpRequest.method();
        if (match instanceof RouteMatch.NotFound) {
            throw new RestException(HttpResponseStatus.NOT_FOUND, "no REST endpoint for " + method + " " + path);
        }
        if (match instanceof RouteMatch.MethodNotAllowed notAllowed) {
            String allowed = notAllowed.allowed().stream().map(HttpMethod::name).sorted()
                    .collect(Collectors.joining(", "));
            deferred = RestResponse.error(HttpResponseStatus.METHOD_NOT_ALLOWED,
                    "method " + method + " is not allowed for " + path + "; allowed: " + allowed)
                    .withHeader(HttpHeaderNames.ALLOW.toString(), allowed);
            return;
        }
        route = (RouteMatch.Found) match;
        if (MultipartReceiver.isMultipart(httpRequest)) {
            multipart = new MultipartReceiver(httpRequest, dataFactory, uploadDir);
        } else {
            long declared = HttpUtil.getContentLength(httpRequest, 0L);
            body = ctx.alloc().heapBuffer((int) Math.min(Math.max(declared, 256), 64 * 1024));
        }
    }

    private void onContent(ChannelHandlerContext ctx, HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        if (phase == Phase.DRAINING) {
            if (last) {
                refusal.addListener(ChannelFutureListener.CLOSE);
            }
            return;
        }
        if (phase != Phase.RECEIVING) {
            return;
        }
        received += content.content().readableBytes();
        if (received > maxContentLength || (multipart == null && received > MAX_IN_MEMORY_BODY)) {
            refuseTooLarge(ctx, last);
            return;
        }
        if (deferred == null) {
            try {
                if (multipart != null) {
                    multipart.offer(content);
                } else if (body != null) {
                    body.writeBytes(content.content());
                }
            } catch (RestException e) {
                deferred = RestResponse.error(e.status(), e.getMessage());
                discardBody(); // keep reading to the end, but store nothing more
            }
        }
        if (last) {
            onRequestReceived(ctx);
        }
    }

    private void onRequestReceived(ChannelHandlerContext ctx) {
        if (deferred != null) {
            RestResponse answer = deferred;
            releaseRequest();
            phase = Phase.IDLE;
            respond(ctx, answer);
            return;
        }
        RestRequest.Builder builder = RestRequest.builder(request.method(), path)
                .pathParameters(route.pathParameters())
                .queryParameters(query)
                .headers(request.headers());
        try {
            if (multipart != null) {
                MultipartReceiver.Parts parts = multipart.finish();
                builder.uploadedFiles(parts.files()).formFields(parts.fields());
            } else {
                builder.body(ByteBufUtil.getBytes(body));
            }
        } catch (IOException e) {
            String what = request.method() + " " + path;
            releaseRequest();
            phase = Phase.IDLE;
            respond(ctx, FailureResponses.forFailure(new IOException("cannot store uploaded files", e), what));
            return;
        }
        RestHandler handler = route.handler();
        releaseRequest();
        dispatch(ctx, builder.build(), handler);
    }

    private void dispatch(ChannelHandlerContext ctx, RestRequest restRequest, RestHandler handler) {
        phase = Phase.DISPATCHED;
        ctx.channel().config().setAutoRead(false);
        List<UploadedFile> files = restRequest.uploadedFiles();
        live.begin(files);
        CompletableFuture<RestResponse> future;
        try {
            future = handler.handle(restRequest);
            if (future == null) {
                future = CompletableFuture.failedFuture(new IllegalStateException("handler returned no future"));
            }
        } catch (Throwable t) {
            future = CompletableFuture.failedFuture(t);
        }
        future.whenComplete((response, failure) -> {
            // uploads go before the client sees the answer, so "answered" implies "cleaned up"
            live.deleteUploads(files);
            RestResponse answer = failure != null ? FailureResponses.forFailure(failure, restRequest.toString())
                    : response != null ? response
                    : FailureResponses.forFailure(new IllegalStateException("handler completed without a response"),
                            restRequest.toString());
            runOnEventLoop(ctx, () -> answer(ctx, answer));
        });
    }

    private void answer(ChannelHandlerContext ctx, RestResponse response) {
        phase = Phase.IDLE;
        if (ctx.channel().isActive()) {
            respond(ctx, response).addListener(f -> live.end());
        } else {
            live.end();
        }
        // replay requests that arrived while the handler ran, then read from the socket again
        while ((phase == Phase.IDLE || phase == Phase.RECEIVING) && !queued.isEmpty()) {
            Object msg = queued.poll();
            try {
                process(ctx, msg);
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }
        if (phase != Phase.DISPATCHED && ctx.channel().isActive()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    private void runOnEventLoop(ChannelHandlerContext ctx, Runnable task) {
        if (ctx.executor().inEventLoop()) {
            task.run();
            return;
        }
        try {
            ctx.executor().execute(task);
        } catch (RejectedExecutionException e) {
            live.end(); // server shut down; the connection is gone anyway
        }
    }

    private ChannelFuture respond(ChannelHandlerContext ctx, RestResponse response) {
        ChannelFuture written = ResponseWriter.write(ctx, response, keepAlive);
        if (!keepAlive) {
            phase = Phase.CLOSING;
            written.addListener(ChannelFutureListener.CLOSE);
        }
        return written;
    }

    private void refuseTooLarge(ChannelHandlerContext ctx, boolean bodyComplete) {
        releaseRequest();
        refuseAndDrain(ctx, RestResponse.error(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                "request body exceeds the limit of " + maxContentLength + " bytes; increase "
                        + RestServerConfig.MAX_CONTENT_LENGTH_KEY + " to accept larger requests"), bodyComplete);
    }

    /**
     * Answers at once and closes the connection, but only once the client has finished sending
     * (or after a timeout): a client that is still writing would otherwise get a connection
     * reset instead of our answer.
     */
    private void refuseAndDrain(ChannelHandlerContext ctx, RestResponse response, boolean bodyComplete) {
        refusal = ResponseWriter.write(ctx, response, false);
        if (bodyComplete) {
            phase = Phase.CLOSING;
            refusal.addListener(ChannelFutureListener.CLOSE);
            return;
        }
        phase = Phase.DRAINING;
        ctx.executor().schedule(() -> {
            ctx.close();
        }, DRAIN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void refuseAndClose(ChannelHandlerContext ctx, HttpResponseStatus status, String message) {
        phase = Phase.CLOSING;
        ResponseWriter.write(ctx, RestResponse.error(status, message), false)
                .addListener(ChannelFutureListener.CLOSE);
    }

    private void discardBody() {
        if (body != null) {
            body.release();
            body = null;
        }
        if (multipart != null) {
            multipart.discard();
            multipart = null;
        }
    }

    private void releaseRequest() {
        discardBody();
        request = null;
        route = null;
        deferred = null;
        path = null;
        query = null;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        phase = Phase.CLOSING;
        releaseRequest();
        queued.forEach(ReferenceCountUtil::release);
        queued.clear();
        ctx.fireChannelInactive();
    }

    /** Closes connections that stalled or idle too long, but never one whose handler still works. */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent && phase != Phase.DISPATCHED) {
            LOG.debug("Closing idle REST connection {}", ctx.channel().remoteAddress());
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            LOG.debug("REST connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            LOG.warn("REST connection {} failed", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }
}
