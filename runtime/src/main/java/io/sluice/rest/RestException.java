package io.sluice.rest;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Objects;

/**
 * A failure the caller should see as-is: the server answers with {@link #status()} and
 * {@code {"errors": [message]}}. Unchecked so it can be thrown from inside future callbacks.
 */
public class RestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient HttpResponseStatus status;

    public RestException(HttpResponseStatus status, String message) {
        this(status, message, null);
    }

    public RestException(HttpResponseStatus status, String message, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.status = Objects.requireNonNull(status, "status");
    }

    public HttpResponseStatus status() {
        return status;
    }
}
