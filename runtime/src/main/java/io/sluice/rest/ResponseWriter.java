package io.sluice.rest;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.stream.ChunkedFile;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes a {@link RestResponse} to a connection as HTTP/1.1. */
final class ResponseWriter {

    private static final Logger LOG = LoggerFactory.getLogger(ResponseWriter.class);
    private static final int FILE_CHUNK_SIZE = 64 * 1024;

    private ResponseWriter() {}

    /**
     * Writes and flushes the response. The caller closes the connection if {@code keepAlive}
     * is false (after the returned future completes), so it can also delay the close.
     */
    static ChannelFuture write(ChannelHandlerContext ctx, RestResponse response, boolean keepAlive) {
        if (response.file().isPresent()) {
            return writeFile(ctx, response, response.file().get(), keepAlive);
        }
        byte[] body = response.bodyBytes();
        DefaultFullHttpResponse full = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, response.status(), Unpooled.wrappedBuffer(body));
        setHeaders(full.headers(), response, body.length, keepAlive);
        return ctx.writeAndFlush(full);
    }

    private static ChannelFuture writeFile(ChannelHandlerContext ctx, RestResponse response, Path file,
            boolean keepAlive) {
        RandomAccessFile raf;
        long length;
        try {
            raf = new RandomAccessFile(file.toFile(), "r");
            length = raf.length();
        } catch (IOException e) {
            LOG.error("Cannot open {} for a download", file, e);
            return write(ctx, RestResponse.error(HttpResponseStatus.INTERNAL_SERVER_ERROR,
                    "Internal server error: cannot read the file to download"), keepAlive);
        }
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, response.status());
        setHeaders(head.headers(), response, length, keepAlive);
        ctx.write(head);
        if (ctx.pipeline().get(SslHandler.class) == null) {
            // zero-copy: the kernel moves file pages to the socket; the region closes the file
            ctx.write(new DefaultFileRegion(raf.getChannel(), 0, length));
            return ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        }
        try {
            // with TLS the bytes must pass through the JVM; chunks keep memory use flat
            return ctx.writeAndFlush(new HttpChunkedInput(new ChunkedFile(raf, 0, length, FILE_CHUNK_SIZE)));
        } catch (IOException e) {
            closeQuietly(raf);
            return ctx.close();
        }
    }

    private static void setHeaders(HttpHeaders headers, RestResponse response, long length, boolean keepAlive) {
        response.headers().forEach(headers::set);
        headers.set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
        headers.set(HttpHeaderNames.CONTENT_LENGTH, length);
        headers.set(HttpHeaderNames.CONNECTION, keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
    }

    private static void closeQuietly(RandomAccessFile raf) {
        try {
            raf.close();
        } catch (IOException ignored) {
            // nothing left to save
        }
    }
}
