package io.sluice.rest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.CompletableFuture.completedFuture;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs a real server on a free port and talks real HTTP to it. */
class RestServerTest {

    private static final int LIMIT = 64 * 1024;

    record Job(String id, int parallelism, List<String> tags) {}

    record Lookup(String jobId, String mode) {}

    @TempDir
    Path tmp;

    private RestServer server;
    private RestClient client;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() throws IOException {
        Router router = new Router()
                .add(HttpMethod.GET, "/jobs/:jobid", r -> completedFuture(RestResponse.ok(
                        new Lookup(r.pathParameter("jobid"), r.queryParameter("mode").orElse("none")))))
                .add(HttpMethod.PATCH, "/jobs/:jobid", r -> completedFuture(RestResponse.accepted(Map.of())))
                .add(HttpMethod.GET, "/jobs/overview", r -> completedFuture(RestResponse.ok(Map.of("jobs", List.of()))))
                .add(HttpMethod.POST, "/jobs", r -> completedFuture(RestResponse.accepted(r.bodyAs(Job.class))))
                .add(HttpMethod.POST, "/echo", r -> completedFuture(
                        RestResponse.bytes(HttpResponseStatus.OK, "application/octet-stream", r.body())))
                .add(HttpMethod.GET, "/fail/throw", r -> {
                    throw new IllegalStateException("boom");
                })
                .add(HttpMethod.GET, "/fail/future", r -> CompletableFuture.supplyAsync(() -> {
                    throw new IllegalArgumentException("async boom");
                }))
                .add(HttpMethod.GET, "/fail/rest", r -> {
                    throw new RestException(HttpResponseStatus.CONFLICT, "job is already running");
                })
                .add(HttpMethod.GET, "/fail/rest-async", r -> CompletableFuture.failedFuture(
                        new RestException(HttpResponseStatus.NOT_FOUND, "job j1 not found")))
                .add(HttpMethod.GET, "/slow", r -> CompletableFuture.supplyAsync(
                        () -> RestResponse.ok("late " + r.queryParameter("n").orElse("")),
                        CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS)));
        server = new RestServer(new RestServerConfig("127.0.0.1", 0, LIMIT, tmp.resolve("uploads")), router);
        int port = server.start();
        assertEquals(port, server.port());
        client = new RestClient("http://127.0.0.1:" + port, Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void routesPathAndQueryParameters() throws Exception {
        assertEquals(new Lookup("j1", "cancel"), client.get("/jobs/j1?mode=cancel", Lookup.class));
        assertEquals(new Lookup("j1", "none"), client.get("/jobs/j1/", Lookup.class));
        assertEquals("{\"jobs\":[]}", client.getJson("/jobs/overview").toString());
    }

    @Test
    void unknownPathIs404Json() throws Exception {
        HttpResponse<String> response = send("GET", "/nothing/here", BodyPublishers.noBody());
        assertEquals(404, response.statusCode());
        assertEquals("application/json; charset=utf-8", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("{\"errors\":[\"no REST endpoint for GET /nothing/here\"]}", response.body());
    }

    @Test
    void wrongMethodIs405WithAllowHeader() throws Exception {
        HttpResponse<String> response = send("DELETE", "/jobs/j1", BodyPublishers.noBody());
        assertEquals(405, response.statusCode());
        assertEquals("GET, PATCH", response.headers().firstValue("Allow").orElseThrow());
        assertEquals("method DELETE is not allowed for /jobs/j1; allowed: GET, PATCH", errorOf(response));
    }

    @Test
    void jsonRecordRoundTrip() throws Exception {
        Job job = new Job("j1", 4, List.of("nightly", "ünïcode"));
        assertEquals(job, client.postJson("/jobs", job, Job.class));

        HttpResponse<String> raw = send("POST", "/jobs", BodyPublishers.ofString(
                "{\"id\":\"j2\",\"parallelism\":2,\"tags\":[],\"unknownField\":1}"));
        assertEquals(202, raw.statusCode());
        assertEquals("{\"id\":\"j2\",\"parallelism\":2,\"tags\":[]}", raw.body());
    }

    @Test
    void malformedJsonIs400WithPosition() throws Exception {
        HttpResponse<String> response = send("POST", "/jobs", BodyPublishers.ofString("{\"id\": j1}"));
        assertEquals(400, response.statusCode());
        String error = errorOf(response);
        assertTrue(error.startsWith("Request body is not valid JSON: Unrecognized token 'j1'"), error);
        assertTrue(error.endsWith("at line 1, column 11"), error);
    }

    @Test
    void wrongTypeAndEmptyBodyAre400() throws Exception {
        HttpResponse<String> wrongType = send("POST", "/jobs",
                BodyPublishers.ofString("{\"id\":\"j1\",\"parallelism\":\"four\"}"));
        assertEquals(400, wrongType.statusCode());
        assertTrue(errorOf(wrongType).startsWith("Request body field 'parallelism' has the wrong type: expected int"),
                errorOf(wrongType));

        HttpResponse<String> empty = send("POST", "/jobs", BodyPublishers.noBody());
        assertEquals(400, empty.statusCode());
        assertEquals("request body is empty; expected JSON", errorOf(empty));
    }

    @Test
    void throwingHandlerIs500() throws Exception {
        HttpResponse<String> response = send("GET", "/fail/throw", BodyPublishers.noBody());
        assertEquals(500, response.statusCode());
        assertEquals("{\"errors\":[\"Internal server error: boom\"]}", response.body());
    }

    @Test
    void failedFutureIs500WithUnwrappedMessage() throws Exception {
        HttpResponse<String> response = send("GET", "/fail/future", BodyPublishers.noBody());
        assertEquals(500, response.statusCode());
        assertEquals("Internal server error: async boom", errorOf(response));
    }

    @Test
    void restExceptionKeepsItsStatus() throws Exception {
        HttpResponse<String> thrown = send("GET", "/fail/rest", BodyPublishers.noBody());
        assertEquals(409, thrown.statusCode());
        assertEquals("job is already running", errorOf(thrown));

        HttpResponse<String> failed = send("GET", "/fail/rest-async", BodyPublishers.noBody());
        assertEquals(404, failed.statusCode());
        assertEquals("job j1 not found", errorOf(failed));
    }

    @Test
    void answersFuturesCompletedOnOtherThreads() throws Exception {
        assertEquals("late 1", client.get("/slow?n=1", String.class));
    }

    @Test
    void bodyUpToTheLimitArrivesIntact() throws Exception {
        byte[] body = randomBytes(LIMIT);
        HttpResponse<byte[]> response = http.send(request("POST", "/echo", BodyPublishers.ofByteArray(body)),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        assertArrayEquals(body, response.body());
    }

    @Test
    void oversizedBodyIs413AndServerKeepsServing() throws Exception {
        HttpResponse<String> response = send("POST", "/echo", BodyPublishers.ofByteArray(randomBytes(LIMIT + 1)));
        assertOversized(response);
        assertEquals(new Lookup("j1", "none"), client.get("/jobs/j1", Lookup.class));
    }

    @Test
    void oversizedStreamWithoutContentLengthIs413() throws Exception {
        // an InputStream body is sent chunked: the limit is enforced while reading
        byte[] body = randomBytes(4 * LIMIT);
        HttpResponse<String> response = send("POST", "/echo",
                BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
        assertOversized(response);
        assertEquals(new Lookup("j2", "none"), client.get("/jobs/j2", Lookup.class));
    }

    @Test
    void keepAliveConnectionServesPipelinedRequestsInOrder() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            // the slow request comes first: its answer must still come first
            out.write(("GET /slow?n=A HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /jobs/j9?mode=m HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /nope HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            assertEquals("\"late A\"", readResponse(in, 200));
            assertEquals("{\"jobId\":\"j9\",\"mode\":\"m\"}", readResponse(in, 200));
            assertTrue(readResponse(in, 404).contains("no REST endpoint"));

            // and the connection is still usable afterwards
            out.write("GET /jobs/j10 HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(UTF_8));
            out.flush();
            assertEquals("{\"jobId\":\"j10\",\"mode\":\"none\"}", readResponse(in, 200));
        }
    }

    @Test
    void oversizedRequestClosesTheConnectionOnceTheBodyIsRead() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: " + (LIMIT + 10) + "\r\n\r\n")
                    .getBytes(UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            // answered before the body arrives ...
            assertTrue(readResponse(in, 413).contains("rest.server.max-content-length"));
            // ... and closed once the client has finished sending it
            out.write(new byte[LIMIT + 10]);
            out.flush();
            assertEquals(-1, in.read());
        }
    }

    @Test
    void expectContinueIsAnsweredBeforeTheBody() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write("POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n"
                    .getBytes(UTF_8));
            out.flush();
            assertEquals("", readResponse(in, 100));
            out.write("hello".getBytes(UTF_8));
            out.flush();
            assertEquals("hello", readResponse(in, 200));

            out.write(("POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: "
                    + (LIMIT + 1) + "\r\n\r\n").getBytes(UTF_8));
            out.flush();
            assertTrue(readResponse(in, 413).contains("exceeds the limit"));
        }
    }

    @Test
    void configRejectsNonsense() {
        Path dir = tmp.resolve("x");
        assertThrows(IllegalArgumentException.class, () -> new RestServerConfig("0.0.0.0", -1, 1, dir));
        assertThrows(IllegalArgumentException.class, () -> new RestServerConfig("0.0.0.0", 0, 0, dir));
        assertThrows(IllegalArgumentException.class, () -> new RestServerConfig("0.0.0.0", 0, 1, dir, 0));
        assertEquals(RestServerConfig.DEFAULT_WORKER_THREADS, new RestServerConfig("0.0.0.0", 0, 1, dir).workerThreads());
    }

    @Test
    void malformedUriIs400() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET /jobs/%zz HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(UTF_8));
            assertTrue(readResponse(socket.getInputStream(), 400).contains("malformed request URI"));
        }
    }

    @Test
    void portInUseGivesActionableMessage() throws IOException {
        RestServer second = new RestServer(
                new RestServerConfig("127.0.0.1", server.port(), LIMIT, tmp.resolve("uploads2")), new Router());
        BindException e = assertThrows(BindException.class, second::start);
        assertEquals("cannot bind REST server to 127.0.0.1:" + server.port()
                + ": address already in use; set rest.port to a free port or 0", e.getMessage());
        second.close();
    }

    @Test
    void closeIsIdempotentAndStopsServing() throws Exception {
        server.close();
        server.close();
        RestClientException e = assertThrows(RestClientException.class, () -> client.get("/jobs/j1", Lookup.class));
        assertTrue(e.getMessage().contains("connection refused"), e.getMessage());
        assertThrows(IllegalStateException.class, server::start);
    }

    private static void assertOversized(HttpResponse<String> response) throws IOException {
        assertEquals(413, response.statusCode());
        assertEquals("request body exceeds the limit of " + LIMIT + " bytes; increase "
                + "rest.server.max-content-length to accept larger requests", errorOf(response));
        assertEquals("close", response.headers().firstValue("Connection").orElseThrow());
    }

    private HttpResponse<String> send(String method, String path, BodyPublisher body) throws Exception {
        return http.send(request(method, path, body), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String method, String path, BodyPublisher body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body).timeout(Duration.ofSeconds(20)).build();
    }

    private static String errorOf(HttpResponse<String> response) throws IOException {
        JsonNode errors = RestMapper.get().readTree(response.body()).get("errors");
        assertEquals(1, errors.size(), response.body());
        return errors.get(0).asText();
    }

    static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    /** Reads one Content-Length delimited HTTP response and returns its body. */
    private static String readResponse(InputStream in, int expectedStatus) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after: " + head);
            }
            head.append((char) b);
        }
        String[] lines = head.toString().split("\r\n");
        assertTrue(lines[0].startsWith("HTTP/1.1 " + expectedStatus + " "), lines[0]);
        int length = 0;
        for (String line : lines) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        return new String(in.readNBytes(length), UTF_8);
    }
}
