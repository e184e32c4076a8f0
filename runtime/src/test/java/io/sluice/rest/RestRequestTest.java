package io.sluice.rest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RestRequestTest {

    record Vertex(String name, int parallelism) {}

    record Job(String name, List<Vertex> vertices, long submittedAtMillis) {}

    @Test
    void readsRecords() {
        Job job = request("{\"name\":\"wc\",\"vertices\":[{\"name\":\"src\",\"parallelism\":2}],"
                + "\"submittedAtMillis\":1700000000000,\"addedInAFutureVersion\":true}").bodyAs(Job.class);
        assertEquals(new Job("wc", List.of(new Vertex("src", 2)), 1_700_000_000_000L), job);
    }

    @Test
    void malformedJsonSaysWhereItBroke() {
        String message = badRequest("{\"name\": x}", Job.class);
        assertTrue(message.startsWith("Request body is not valid JSON: Unrecognized token 'x'"), message);
        assertTrue(message.endsWith("at line 1, column 12"), message);
        message = badRequest("{\"name\": \"wc\",,}", Job.class);
        assertTrue(message.startsWith("Request body is not valid JSON: Unexpected character (','"), message);
        assertTrue(message.endsWith("at line 1, column 15"), message);
    }

    @Test
    void truncatedJsonIsMalformed() {
        String message = badRequest("{\"name\": \"wc\"", Job.class);
        assertTrue(message.startsWith("Request body is not valid JSON: Unexpected end-of-input"), message);
    }

    @Test
    void trailingGarbageIsMalformed() {
        String message = badRequest("{\"name\": \"wc\", \"parallelism\": 1} {}", Vertex.class);
        assertEquals("Request body is not valid JSON: unexpected content after the JSON value at line 1, column 34",
                message);
    }

    @Test
    void wrongFieldTypeNamesTheField() {
        String message = badRequest("{\"name\":\"wc\",\"vertices\":[{\"name\":\"a\",\"parallelism\":1},"
                + "{\"name\":\"b\",\"parallelism\":\"four\"}]}", Job.class);
        assertTrue(message.startsWith("Request body field 'vertices[1].parallelism' has the wrong type: "
                + "expected int but got \"four\""), message);
    }

    @Test
    void objectWhereTextExpectedNamesTheField() {
        String message = badRequest("{\"name\":{\"nested\":1}}", Job.class);
        assertTrue(message.startsWith("Request body field 'name' has the wrong type: expected String"), message);
    }

    @Test
    void missingOrNullPrimitiveIsRejected() {
        assertEquals("Request body field 'parallelism' is missing or null: expected int",
                badRequest("{\"name\":\"a\",\"parallelism\":null}", Vertex.class));
        assertEquals("Request body field 'parallelism' is missing or null: expected int",
                badRequest("{\"name\":\"a\"}", Vertex.class));
    }

    @Test
    void arrayInsteadOfObjectHasWrongShape() {
        String message = badRequest("[1,2]", Vertex.class);
        assertTrue(message.startsWith("Request body has the wrong shape: expected a JSON object (Vertex)"), message);
    }

    @Test
    void emptyAndNullBodiesAreRejected() {
        assertEquals("request body is empty; expected JSON", badRequest("", Vertex.class));
        assertEquals("request body is JSON null; expected a JSON object (Vertex)", badRequest("null", Vertex.class));
    }

    @Test
    void exposesParameters() {
        RestRequest request = RestRequest.builder(HttpMethod.PATCH, "/jobs/j1")
                .pathParameters(Map.of("jobid", "j1"))
                .queryParameters(Map.of("mode", List.of("cancel", "stop")))
                .build();
        assertEquals("j1", request.pathParameter("jobid"));
        assertEquals(Optional.of("cancel"), request.queryParameter("mode"));
        assertEquals(List.of("cancel", "stop"), request.queryParameters("mode"));
        assertEquals(Optional.empty(), request.queryParameter("other"));
        assertThrows(IllegalArgumentException.class, () -> request.pathParameter("vertexid"));
    }

    private static RestRequest request(String body) {
        return RestRequest.builder(HttpMethod.POST, "/jobs").body(body.getBytes(UTF_8)).build();
    }

    private static String badRequest(String body, Class<?> type) {
        RestException e = assertThrows(RestException.class, () -> request(body).bodyAs(type));
        assertEquals(HttpResponseStatus.BAD_REQUEST, e.status());
        return e.getMessage();
    }
}
