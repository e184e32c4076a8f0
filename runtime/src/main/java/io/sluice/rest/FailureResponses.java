package io.sluice.rest;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns a handler's failure into the JSON error answer, logging what the user cannot see. */
final class FailureResponses {

    private static final Logger LOG = LoggerFactory.getLogger(FailureResponses.class);

    private FailureResponses() {}

    static RestResponse forFailure(Throwable failure, String request) {
        Throwable cause = unwrap(failure);
        if (cause instanceof RestException rest) {
            LOG.debug("{} answered {}: {}", request, rest.status().code(), rest.getMessage());
            return RestResponse.error(rest.status(), rest.getMessage());
        }
        LOG.error("Handler of {} failed", request, cause);
        String message = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getName();
        return RestResponse.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "Internal server error: " + message);
    }

    /** Futures wrap the interesting exception; the user wants to see the inner one. */
    static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
