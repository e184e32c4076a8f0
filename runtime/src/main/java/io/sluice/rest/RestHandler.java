package io.sluice.rest;

import java.util.concurrent.CompletableFuture;

/**
 * Answers the requests of one route.
 *
 * <p>{@code handle} is called on a Netty I/O thread, so it must not block: start slow work
 * elsewhere and return its future. The future may complete on any thread; the server writes the
 * response on the connection's own event loop. Throwing, or completing the future exceptionally,
 * produces a JSON error answer: a {@link RestException} its own status, anything else 500.
 *
 * <p>Uploaded files ({@link RestRequest#uploadedFiles()}) are deleted once the future completes;
 * a handler that wants to keep one moves it elsewhere before completing.
 */
@FunctionalInterface
public interface RestHandler {

    CompletableFuture<RestResponse> handle(RestRequest request) throws Exception;
}
