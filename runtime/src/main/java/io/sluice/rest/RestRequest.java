package io.sluice.rest;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A fully received request as a handler sees it. Immutable; the body is held in memory
 * (bounded by {@link RestServerConfig#maxContentLength()}), multipart files are on disk.
 *
 * <p>Handlers' unit tests can build one with {@link #builder(HttpMethod, String)}.
 */
public final class RestRequest {

    private final HttpMethod method;
    private final String path;
    private final Map<String, String> pathParameters;
    private final Map<String, List<String>> queryParameters;
    private final HttpHeaders headers;
    private final byte[] body;
    private final List<UploadedFile> uploadedFiles;
    private final Map<String, String> formFields;

    private RestRequest(Builder b) {
        this.method = b.method;
        this.path = b.path;
        this.pathParameters = Map.copyOf(b.pathParameters);
        this.queryParameters = Map.copyOf(b.queryParameters);
        this.headers = b.headers.copy();
        this.body = b.body;
        this.uploadedFiles = List.copyOf(b.uploadedFiles);
        this.formFields = Map.copyOf(b.formFields);
    }

    public static Builder builder(HttpMethod method, String path) {
        return new Builder(method, path);
    }

    public HttpMethod method() {
        return method;
    }

    /** The decoded path without query string, as sent by the client. */
    public String path() {
        return path;
    }

    /**
     * The value bound to {@code :name} in the route pattern.
     *
     * @throws IllegalArgumentException if the route declares no such parameter (a programming
     *     error in the handler, hence not a 400)
     */
    public String pathParameter(String name) {
        String value = pathParameters.get(name);
        if (value == null) {
            throw new IllegalArgumentException("route has no path parameter ':" + name
                    + "'; known: " + pathParameters.keySet());
        }
        return value;
    }

    public Map<String, String> pathParameters() {
        return pathParameters;
    }

    /** The first value of a query parameter, e.g. {@code mode} in {@code ?mode=cancel}. */
    public Optional<String> queryParameter(String name) {
        List<String> values = queryParameters.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** All values of a repeated query parameter; empty if absent. */
    public List<String> queryParameters(String name) {
        return queryParameters.getOrDefault(name, List.of());
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    /** The raw body; empty for multipart requests (see {@link #uploadedFiles()}). */
    public byte[] body() {
        return body.clone();
    }

    /**
     * Reads the body as JSON into {@code type}.
     *
     * @throws RestException 400 with a message saying what is wrong if the body is empty, not
     *     JSON, or does not fit {@code type}
     */
    public <T> T bodyAs(Class<T> type) {
        if (body.length == 0) {
            throw new RestException(HttpResponseStatus.BAD_REQUEST, "request body is empty; expected JSON");
        }
        T value;
        try {
            value = RestMapper.get().readValue(body, type);
        } catch (IOException e) {
            throw new RestException(HttpResponseStatus.BAD_REQUEST, JsonErrors.describe(e, type), e);
        }
        if (value == null) {
            throw new RestException(HttpResponseStatus.BAD_REQUEST,
                    "request body is JSON null; expected " + JsonErrors.describeType(type));
        }
        return value;
    }

    public List<UploadedFile> uploadedFiles() {
        return uploadedFiles;
    }

    /** A non-file part of a multipart/form-data request. */
    public Optional<String> formField(String name) {
        return Optional.ofNullable(formFields.get(name));
    }

    @Override
    public String toString() {
        return method + " " + path;
    }

    /** Assembles a {@link RestRequest}; used by the server and by handler tests. */
    public static final class Builder {
        private final HttpMethod method;
        private final String path;
        private final Map<String, String> pathParameters = new HashMap<>();
        private final Map<String, List<String>> queryParameters = new HashMap<>();
        private HttpHeaders headers = new DefaultHttpHeaders();
        private byte[] body = new byte[0];
        private final List<UploadedFile> uploadedFiles = new ArrayList<>();
        private final Map<String, String> formFields = new LinkedHashMap<>();

        private Builder(HttpMethod method, String path) {
            this.method = Objects.requireNonNull(method, "method");
            this.path = Objects.requireNonNull(path, "path");
        }

        public Builder pathParameters(Map<String, String> parameters) {
            pathParameters.putAll(parameters);
            return this;
        }

        public Builder queryParameters(Map<String, List<String>> parameters) {
            parameters.forEach((name, values) -> queryParameters.put(name, List.copyOf(values)));
            return this;
        }

        public Builder headers(HttpHeaders headers) {
            this.headers = headers;
            return this;
        }

        /** Takes the array as is (no copy: bodies can be large); do not modify it afterwards. */
        public Builder body(byte[] body) {
            this.body = Objects.requireNonNull(body, "body");
            return this;
        }

        public Builder uploadedFiles(List<UploadedFile> files) {
            uploadedFiles.addAll(files);
            return this;
        }

        public Builder formFields(Map<String, String> fields) {
            formFields.putAll(fields);
            return this;
        }

        public RestRequest build() {
            return new RestRequest(this);
        }
    }
}
