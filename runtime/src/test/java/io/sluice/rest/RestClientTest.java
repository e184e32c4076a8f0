package io.sluice.rest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.CompletableFuture.completedFuture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestClientTest {

    record Status(String jobId, String state) {}

    @TempDir
    Path tmp;

    private RestServer server;
    private RestClient client;

    @BeforeEach
    void start() throws IOException {
        Router router = new Router()
                .add(HttpMethod.GET, "/jobs/:jobid", r -> {
                    if (!r.pathParameter("jobid").equals("j1")) {
                        throw new RestException(HttpResponseStatus.NOT_FOUND,
                                "Job " + r.pathParameter("jobid") + " not found");
                    }
                    return completedFuture(RestResponse.ok(new Status("j1", "RUNNING")));
                })
                .add(HttpMethod.PATCH, "/jobs/:jobid", r -> completedFuture(
                        RestResponse.accepted(new Status(r.pathParameter("jobid"), r.queryParameter("mode").orElseThrow()))))
                .add(HttpMethod.DELETE, "/jars/:jarid", r -> completedFuture(
                        RestResponse.bytes(HttpResponseStatus.OK, "application/json", new byte[0])))
                .add(HttpMethod.GET, "/proxy", r -> completedFuture(RestResponse.bytes(
                        HttpResponseStatus.BAD_GATEWAY, "text/html", "<html>bad gateway</html>".getBytes(UTF_8))))
                .add(HttpMethod.GET, "/errors", r -> completedFuture(RestResponse.error(
                        HttpResponseStatus.BAD_REQUEST, List.of("first problem", "second problem"))));
        server = new RestServer(new RestServerConfig("127.0.0.1", 0, 1024 * 1024, tmp), router);
        client = new RestClient("http://127.0.0.1:" + server.start() + "/", Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void decodesSuccessfulAnswers() throws Exception {
        assertEquals(new Status("j1", "RUNNING"), client.get("/jobs/j1", Status.class));
        assertEquals("RUNNING", client.getJson("/jobs/j1").get("state").asText());
        assertEquals(new Status("j2", "cancel"), client.patch("/jobs/j2?mode=cancel", Status.class));
        assertNull(client.delete("/jars/x", Void.class));
    }

    @Test
    void notFoundCarriesTheServersErrors() {
        RestClientException e = assertThrows(RestClientException.class,
                () -> client.get("/jobs/0123456789abcdef0123456789abcdef", Status.class));
        assertEquals(404, e.statusCode());
        assertEquals(List.of("Job 0123456789abcdef0123456789abcdef not found"), e.errors());
        assertEquals("JobManager answered 404: Job 0123456789abcdef0123456789abcdef not found", e.getMessage());
    }

    @Test
    void joinsSeveralErrors() {
        RestClientException e = assertThrows(RestClientException.class, () -> client.get("/errors", Status.class));
        assertEquals("JobManager answered 400: first problem; second problem", e.getMessage());
    }

    @Test
    void showsBodiesThatAreNotInTheErrorFormat() {
        RestClientException e = assertThrows(RestClientException.class, () -> client.get("/proxy", Status.class));
        assertEquals(502, e.statusCode());
        assertEquals("JobManager answered 502: <html>bad gateway</html>", e.getMessage());
    }

    @Test
    void unknownEndpointIsReported() {
        RestClientException e = assertThrows(RestClientException.class,
                () -> client.postJson("/nothing", Map.of("a", 1), Status.class));
        assertEquals("JobManager answered 404: no REST endpoint for POST /nothing", e.getMessage());
    }

    @Test
    void connectionRefusedSaysWhatToCheck() throws IOException {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }
        RestClient nowhere = new RestClient("http://127.0.0.1:" + freePort, Duration.ofSeconds(5));
        RestClientException e = assertThrows(RestClientException.class, () -> nowhere.get("/jobs", Status.class));
        assertEquals(RestClientException.NO_STATUS, e.statusCode());
        assertEquals("cannot reach the JobManager's REST endpoint at http://127.0.0.1:" + freePort
                + ": connection refused. Is the cluster running? (set -m host:port or rest.address/rest.port)",
                e.getMessage());
    }

    @Test
    void missingUploadFileIsReportedBeforeSending() {
        RestClientException e = assertThrows(RestClientException.class, () -> client.postMultipart("/jars/upload",
                Map.of(), List.of(new RestClient.FilePart("jarfile", "a.jar", tmp.resolve("missing.jar"))), Status.class));
        assertEquals("cannot read the file to upload: " + tmp.resolve("missing.jar") + " not found", e.getMessage());
    }

    @Test
    void refusesMalformedBaseUrl() {
        assertThrows(IllegalArgumentException.class, () -> new RestClient("localhost:8081", Duration.ofSeconds(1)));
    }
}
