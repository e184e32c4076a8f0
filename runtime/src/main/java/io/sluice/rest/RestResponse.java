package io.sluice.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a handler answers: a status plus either an in-memory body or a file streamed from disk.
 * Immutable; {@link #withHeader} returns a copy.
 */
public final class RestResponse {

    public static final String JSON_CONTENT_TYPE = "application/json; charset=utf-8";

    private final HttpResponseStatus status;
    private final String contentType;
    private final byte[] body;
    private final Path file;
    private final Map<String, String> headers;

    private RestResponse(HttpResponseStatus status, String contentType, byte[] body, Path file,
            Map<String, String> headers) {
        this.status = Objects.requireNonNull(status, "status");
        this.contentType = Objects.requireNonNull(contentType, "contentType");
        this.body = body;
        this.file = file;
        this.headers = headers;
    }

    /**
     * {@code body} serialized with {@link RestMapper}. Serialization happens here, so a body
     * Jackson cannot write fails inside the handler and becomes a 500 naming the problem.
     */
    public static RestResponse json(HttpResponseStatus status, Object body) {
        try {
            return new RestResponse(status, JSON_CONTENT_TYPE, RestMapper.get().writeValueAsBytes(body), null, Map.of());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write response body as JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static RestResponse ok(Object body) {
        return json(HttpResponseStatus.OK, body);
    }

    public static RestResponse accepted(Object body) {
        return json(HttpResponseStatus.ACCEPTED, body);
    }

    public static RestResponse bytes(HttpResponseStatus status, String contentType, byte[] body) {
        return new RestResponse(status, contentType, body.clone(), null, Map.of());
    }

    /**
     * Streams a file with status 200 (zero-copy where the transport allows). The file is opened
     * when the response is written; if it cannot be read then, the client gets a 500.
     */
    public static RestResponse file(Path file, String contentType) {
        return new RestResponse(HttpResponseStatus.OK, contentType, null, Objects.requireNonNull(file, "file"), Map.of());
    }

    /** The error format of the REST API (as Flink's): {@code {"errors": ["message", ...]}}. */
    public static RestResponse error(HttpResponseStatus status, List<String> messages) {
        return json(status, new ErrorBody(List.copyOf(messages)));
    }

    public static RestResponse error(HttpResponseStatus status, String message) {
        return error(status, List.of(message));
    }

    /** A copy with one more response header, e.g. {@code Location} or {@code Content-Disposition}. */
    public RestResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return new RestResponse(status, contentType, body, file, Map.copyOf(copy));
    }

    public HttpResponseStatus status() {
        return status;
    }

    public String contentType() {
        return contentType;
    }

    /** The in-memory body; empty if this response streams a {@link #file()}. */
    public Optional<byte[]> body() {
        return Optional.ofNullable(body).map(byte[]::clone);
    }

    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** Package-private read of the body without a defensive copy, for the writer. */
    byte[] bodyBytes() {
        return body;
    }

    /** JSON shape of error answers. */
    public record ErrorBody(List<String> errors) {}
}
