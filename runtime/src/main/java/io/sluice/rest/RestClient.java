package io.sluice.rest;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Calls the JobManager's REST API (or any {@link RestServer}) with JSON in and out.
 *
 * <p>Every failure is a {@link RestClientException} whose message can be shown to the user:
 * non-2xx answers carry the server's {@code errors}, unreachable servers say how to point the
 * client elsewhere. Thread-safe; one instance can be shared.
 */
public final class RestClient {

    private static final String REACH_HINT = "Is the cluster running? (set -m host:port or rest.address/rest.port)";
    private static final int MAX_BODY_IN_MESSAGE = 300;

    /** A file to upload in a multipart request; {@code fileName} is what the server records. */
    public record FilePart(String fieldName, String fileName, Path file) {
        public FilePart {
            Objects.requireNonNull(fieldName, "fieldName");
            Objects.requireNonNull(fileName, "fileName");
            Objects.requireNonNull(file, "file");
        }
    }

    private final String baseUrl;
    private final Duration timeout;
    private final HttpClient http;

    /**
     * @param baseUrl {@code http://host:port}
     * @param timeout for connecting and for each whole call
     */
    public RestClient(String baseUrl, Duration timeout) {
        URI uri;
        try {
            uri = URI.create(Objects.requireNonNull(baseUrl, "baseUrl"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("REST address must look like http://host:port, got '" + baseUrl + "'", e);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("REST address must look like http://host:port, got '" + baseUrl + "'");
        }
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .build();
    }

    public String baseUrl() {
        return baseUrl;
    }

    public <T> T get(String path, Class<T> type) throws RestClientException {
        return send(request(path).GET(), type);
    }

    public JsonNode getJson(String path) throws RestClientException {
        return get(path, JsonNode.class);
    }

    /** POSTs {@code body} as JSON ({@code null}: no body). */
    public <T> T postJson(String path, Object body, Class<T> type) throws RestClientException {
        HttpRequest.BodyPublisher publisher;
        if (body == null) {
            publisher = BodyPublishers.noBody();
        } else {
            try {
                publisher = BodyPublishers.ofByteArray(RestMapper.get().writeValueAsBytes(body));
            } catch (JsonProcessingException e) {
                throw new RestClientException("cannot write the request to " + path + " as JSON: "
                        + e.getOriginalMessage(), e);
            }
        }
        return send(request(path).header("Content-Type", RestResponse.JSON_CONTENT_TYPE).POST(publisher), type);
    }

    /** POSTs a multipart/form-data body; files are streamed from disk. */
    public <T> T postMultipart(String path, Map<String, String> formFields, List<FilePart> files, Class<T> type)
            throws RestClientException {
        MultipartBody body;
        try {
            body = new MultipartBody(formFields, files);
        } catch (FileNotFoundException e) {
            throw new RestClientException("cannot read the file to upload: " + e.getMessage(), e);
        }
        return send(request(path).header("Content-Type", body.contentType()).POST(body.publisher()), type);
    }

    public <T> T patch(String path, Class<T> type) throws RestClientException {
        return send(request(path).method("PATCH", BodyPublishers.noBody()), type);
    }

    public <T> T delete(String path, Class<T> type) throws RestClientException {
        return send(request(path).DELETE(), type);
    }

    private HttpRequest.Builder request(String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("REST path must start with '/': " + path);
        }
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(timeout)
                .header("Accept", "application/json");
    }

    private <T> T send(HttpRequest.Builder builder, Class<T> type) throws RestClientException {
        HttpRequest request = builder.build();
        String call = request.method() + " " + request.uri().getRawPath();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RestClientException("interrupted while waiting for " + call + " at " + baseUrl, e);
        } catch (IOException e) {
            throw unreachable(e, call);
        }
        int status = response.statusCode();
        if (status < 200 || status > 299) {
            List<String> errors = errorsOf(response.body());
            String details = errors.isEmpty() ? snippet(response.body()) : String.join("; ", errors);
            throw new RestClientException(status, errors, "JobManager answered " + status + ": " + details);
        }
        if (type == Void.class || response.body().length == 0) {
            return null;
        }
        try {
            return RestMapper.get().readValue(response.body(), type);
        } catch (IOException e) {
            throw new RestClientException(status, List.of(), "JobManager's answer to " + call
                    + " is not the expected " + type.getSimpleName() + ": " + e.getMessage());
        }
    }

    private RestClientException unreachable(IOException e, String call) {
        String prefix = "cannot reach the JobManager's REST endpoint at " + baseUrl + ": ";
        if (e instanceof HttpConnectTimeoutException) {
            return new RestClientException(prefix + "no connection within " + timeout.toMillis() + " ms. " + REACH_HINT, e);
        }
        if (e instanceof HttpTimeoutException) {
            return new RestClientException("the JobManager's REST endpoint at " + baseUrl + " did not answer "
                    + call + " within " + timeout.toMillis() + " ms", e);
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return new RestClientException(prefix + "unknown host. " + REACH_HINT, e);
            }
        }
        if (e instanceof ConnectException) {
            return new RestClientException(prefix + "connection refused. " + REACH_HINT, e);
        }
        return new RestClientException(call + " at " + baseUrl + " failed: " + e, e);
    }

    /** The {@code errors} list of an error answer, if the body is in that format. */
    private static List<String> errorsOf(byte[] body) {
        List<String> errors = new ArrayList<>();
        try {
            JsonNode node = RestMapper.get().readTree(body).path("errors");
            node.forEach(error -> errors.add(error.asText()));
        } catch (IOException | RuntimeException notJson) {
            // not our error format (e.g. a proxy's HTML page): the caller shows the raw body
        }
        return errors;
    }

    private static String snippet(byte[] body) {
        String text = new String(body, UTF_8).strip();
        if (text.isEmpty()) {
            return "(no details)";
        }
        return text.length() <= MAX_BODY_IN_MESSAGE ? text : text.substring(0, MAX_BODY_IN_MESSAGE) + "...";
    }
}
