package io.sluice.rest;

import static java.util.concurrent.CompletableFuture.completedFuture;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Multipart uploads to disk and file downloads against a real server. */
class RestUploadDownloadTest {

    private static final long LIMIT = 8L * 1024 * 1024;

    /** What the upload handler saw, sent back for the test to check. */
    record Received(String field, String originalName, String storedName, String storedDir, long size,
            String sha256, boolean existedDuringRequest, String entryClass) {}

    @TempDir
    Path tmp;

    private Path uploadDir;
    private Path downloads;
    private final AtomicInteger handlerCalls = new AtomicInteger();
    private final CompletableFuture<UploadedFile> hanging = new CompletableFuture<>();
    private RestServer server;
    private RestClient client;

    @BeforeEach
    void start() throws IOException {
        uploadDir = tmp.resolve("uploads");
        downloads = Files.createDirectories(tmp.resolve("downloads"));
        Router router = new Router()
                .add(HttpMethod.POST, "/jars/upload", r -> {
                    handlerCalls.incrementAndGet();
                    UploadedFile file = r.uploadedFiles().get(0);
                    return completedFuture(RestResponse.ok(new Received(file.formFieldName(),
                            file.originalFileName(), file.storedPath().getFileName().toString(),
                            file.storedPath().getParent().toString(), file.size(), sha256(file.storedPath()),
                            Files.exists(file.storedPath()), r.formField("entryClass").orElse(null))));
                })
                .add(HttpMethod.POST, "/jars/keep", r -> {
                    UploadedFile file = r.uploadedFiles().get(0);
                    Path kept = Files.createDirectories(tmp.resolve("kept")).resolve("kept.jar");
                    Files.move(file.storedPath(), kept);
                    return completedFuture(RestResponse.ok(kept.toString()));
                })
                .add(HttpMethod.POST, "/jars/hang", r -> {
                    hanging.complete(r.uploadedFiles().get(0));
                    return new CompletableFuture<>(); // never answers
                })
                .add(HttpMethod.GET, "/files/:name", r -> completedFuture(RestResponse.file(
                        downloads.resolve(r.pathParameter("name")), "application/java-archive")
                        .withHeader("Content-Disposition", "attachment; filename=\"job.jar\"")));
        server = new RestServer(new RestServerConfig("127.0.0.1", 0, LIMIT, uploadDir), router);
        client = new RestClient("http://127.0.0.1:" + server.start(), Duration.ofSeconds(20));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void uploadArrivesIntactUnderAGeneratedNameInsideTheUploadDir() throws Exception {
        Path jar = write("wörd count.jar", RestServerTest.randomBytes(3 * 1024 * 1024 + 17));
        Received received = client.postMultipart("/jars/upload", Map.of("entryClass", "com.example.WordCount"),
                List.of(new RestClient.FilePart("jarfile", "wörd count.jar", jar)), Received.class);

        assertEquals("jarfile", received.field());
        assertEquals("wörd count.jar", received.originalName());
        assertEquals(Files.size(jar), received.size());
        assertEquals(sha256(jar), received.sha256());
        assertEquals(uploadDir.toAbsolutePath().toString(), received.storedDir());
        assertNotEquals("wörd count.jar", received.storedName());
        assertTrue(received.storedName().matches("[0-9a-f-]{36}"), received.storedName());
        assertTrue(received.existedDuringRequest());
        assertEquals("com.example.WordCount", received.entryClass());
        assertUploadDirEmpty(); // not kept by the handler: deleted once it answered
    }

    @Test
    void closingTheServerDeletesUploadsOfUnansweredRequests() throws Exception {
        Path jar = write("job.jar", RestServerTest.randomBytes(1000));
        CompletableFuture<Void> call = CompletableFuture.runAsync(() -> {
            try {
                client.postMultipart("/jars/hang", Map.of(), List.of(new RestClient.FilePart("f", "job.jar", jar)),
                        String.class);
            } catch (RestClientException e) {
                throw new CompletionException(e);
            }
        });
        UploadedFile pending = hanging.get(10, TimeUnit.SECONDS);
        assertTrue(Files.exists(pending.storedPath()));

        server.close(Duration.ofMillis(100));
        assertFalse(Files.exists(pending.storedPath()));
        assertUploadDirEmpty();
        ExecutionException failed = assertThrows(ExecutionException.class, () -> call.get(10, TimeUnit.SECONDS));
        assertInstanceOf(RestClientException.class, failed.getCause());
    }

    @Test
    void emptyFileIsUploaded() throws Exception {
        Path empty = write("empty.jar", new byte[0]);
        Received received = client.postMultipart("/jars/upload", Map.of(),
                List.of(new RestClient.FilePart("jarfile", "empty.jar", empty)), Received.class);
        assertEquals(0, received.size());
        assertEquals("empty.jar", received.originalName());
        assertUploadDirEmpty();
    }

    @Test
    void handlerKeepsAnUploadByMovingIt() throws Exception {
        byte[] content = RestServerTest.randomBytes(100_000);
        Path jar = write("job.jar", content);
        String kept = client.postMultipart("/jars/keep", Map.of(),
                List.of(new RestClient.FilePart("jarfile", "job.jar", jar)), String.class);
        assertArrayEquals(content, Files.readAllBytes(Path.of(kept)));
        assertUploadDirEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"../evil.jar", "a/b.jar", "..\\evil.jar", "/tmp/evil.jar", ""})
    void refusesFileNamesWithPaths(String name) throws Exception {
        Path jar = write("payload.jar", RestServerTest.randomBytes(200_000));
        RestClientException e = assertThrows(RestClientException.class, () -> client.postMultipart("/jars/upload",
                Map.of(), List.of(new RestClient.FilePart("jarfile", name, jar)), Received.class));

        assertEquals(400, e.statusCode());
        assertEquals(List.of("upload file name '" + name + "' is not allowed: use a plain file name without "
                + "path separators or '..'"), e.errors());
        assertEquals(0, handlerCalls.get());
        assertUploadDirEmpty();
        assertFalse(Files.exists(tmp.resolve("evil.jar")));
        assertFalse(Files.exists(uploadDir.resolve("a")));
        // the connection stays usable
        assertEquals("ok.jar", client.postMultipart("/jars/upload", Map.of(),
                List.of(new RestClient.FilePart("jarfile", "ok.jar", jar)), Received.class).originalName());
    }

    @Test
    void oversizedUploadIs413AndLeavesNothingBehind() throws Exception {
        Path jar = write("big.jar", RestServerTest.randomBytes((int) LIMIT + 1));
        RestClientException e = assertThrows(RestClientException.class, () -> client.postMultipart("/jars/upload",
                Map.of(), List.of(new RestClient.FilePart("jarfile", "big.jar", jar)), Received.class));
        assertEquals(413, e.statusCode());
        assertTrue(e.getMessage().startsWith("JobManager answered 413: request body exceeds the limit of "
                + LIMIT + " bytes; increase rest.server.max-content-length"), e.getMessage());
        assertUploadDirEmpty();

        Path small = write("small.jar", RestServerTest.randomBytes(10));
        assertEquals(10, client.postMultipart("/jars/upload", Map.of(),
                List.of(new RestClient.FilePart("jarfile", "small.jar", small)), Received.class).size());
    }

    @Test
    void downloadStreamsTheFile() throws Exception {
        byte[] content = RestServerTest.randomBytes(5 * 1024 * 1024 + 3);
        Files.write(downloads.resolve("job.jar"), content);
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(client.baseUrl() + "/files/job.jar")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        assertEquals("application/java-archive", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(String.valueOf(content.length), response.headers().firstValue("Content-Length").orElseThrow());
        assertEquals("attachment; filename=\"job.jar\"",
                response.headers().firstValue("Content-Disposition").orElseThrow());
        assertArrayEquals(content, response.body());
    }

    @Test
    void missingDownloadIs500Json() {
        RestClientException e = assertThrows(RestClientException.class, () -> client.get("/files/gone.jar", byte[].class));
        assertEquals(500, e.statusCode());
        assertEquals(List.of("Internal server error: cannot read the file to download"), e.errors());
    }

    private Path write(String name, byte[] content) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("client"));
        return Files.write(dir.resolve(name), content);
    }

    private void assertUploadDirEmpty() throws IOException {
        try (Stream<Path> files = Files.list(uploadDir)) {
            assertEquals(List.of(), files.toList());
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
