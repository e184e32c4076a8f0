package io.sluice.it.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A standalone cluster from the distribution: a JobManager and two TaskManager processes (separate
 * JVMs on loopback), jobs submitted through bin/sluice, and the bad inputs a user can produce.
 */
@Timeout(300)
class StandaloneClusterTest {

    @TempDir
    static Path tmp;

    static Distribution dist;
    static String rest;
    static String jm;

    @BeforeAll
    static void startCluster() throws Exception {
        dist = new Distribution(Files.createDirectories(tmp.resolve("log")));
        Distribution.JobManagerProcess jobManager = dist.startJobManager("jobmanager",
                List.of("-D", "rest.server.max-content-length=2mb"));
        for (int i = 0; i < 2; i++) {
            dist.startDaemon("taskmanager-" + i, concat(List.of("taskmanager", "-D", "taskmanager.numberOfTaskSlots=2"),
                    jobManager.taskManagerOptions()));
        }
        jm = jobManager.restAddress();
        rest = jobManager.restUrl();
        dist.awaitCluster(rest + "/overview", o -> o.path("taskmanagers").asInt() == 2, Duration.ofSeconds(60));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        dist.stopAll();
    }

    static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Test
    void parallelJobSubmittedThroughCliWritesExactOutput() throws Exception {
        Path out = tmp.resolve("out-parallel");
        Distribution.Result r = dist.run(List.of("run", "-m", jm, "-p", "4", dist.examplesJar().toString(),
                "--output", out.toUri().toString(), "--to", "200000"), Duration.ofMinutes(2));
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("finished successfully"), r.stderr());
        assertEquals(4, JobOutput.partFiles(out));
        JobOutput.assertExact(out, 1, 200000);

        JsonNode jobs = Distribution.getJson(rest + "/jobs/overview").path("jobs");
        assertTrue(jobs.toString().contains("FINISHED"), jobs.toString());
        Distribution.Result list = dist.run(List.of("list", "-m", jm), Duration.ofSeconds(60));
        assertEquals(0, list.exitCode(), list.stderr());
        assertTrue(list.stdout().contains("FINISHED"), list.stdout());
    }

    @Test
    void detachedRunPrintsJobIdAndCancelStopsTheJob() throws Exception {
        Distribution.Result r = dist.run(List.of("run", "-d", "-m", jm, "-p", "2", dist.examplesJar().toString(),
                "--output", tmp.resolve("out-detached").toUri().toString(), "--rate", "100"), Duration.ofMinutes(1));
        assertEquals(0, r.exitCode(), r.stderr());
        String jobId = r.stdout().trim();
        assertTrue(jobId.matches("[0-9a-f]{32}"), "detached run prints the job id, got: " + r.stdout());
        Distribution.awaitJson(rest + "/jobs/" + jobId, j -> j.path("state").asText().equals("RUNNING"), Duration.ofSeconds(60));
        Distribution.Result cancel = dist.run(List.of("cancel", "-m", jm, jobId), Duration.ofSeconds(60));
        assertEquals(0, cancel.exitCode(), cancel.stderr());
        Distribution.awaitJson(rest + "/jobs/" + jobId, j -> j.path("state").asText().equals("CANCELED"), Duration.ofSeconds(60));
        // the slots come back
        Distribution.awaitJson(rest + "/overview", o -> o.path("slots-available").asInt() == 4, Duration.ofSeconds(30));
    }

    @Test
    void missingJarIsReported() throws Exception {
        Distribution.Result r = dist.run(List.of("run", "-m", jm, tmp.resolve("no-such.jar").toString()), Duration.ofSeconds(60));
        assertEquals(2, r.exitCode());
        assertTrue(r.stderr().contains("does not exist"), r.stderr());
    }

    @Test
    void jarWithoutMainClassIsReported() throws Exception {
        Path jar = tmp.resolve("no-main.jar");
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new java.util.zip.ZipEntry("readme.txt"));
            out.write("no classes here".getBytes());
        }
        Distribution.Result r = dist.run(List.of("run", "-m", jm, jar.toString()), Duration.ofSeconds(60));
        assertEquals(2, r.exitCode());
        assertTrue(r.stderr().contains("names no Main-Class") && r.stderr().contains("-c <class>"), r.stderr());
    }

    @Test
    void mainThatThrowsIsReportedWithItsCause() throws Exception {
        Distribution.Result r = dist.run(List.of("run", "-m", jm, "-c", "io.sluice.examples.FailingJob",
                dist.examplesJar().toString()), Duration.ofSeconds(60));
        assertEquals(1, r.exitCode());
        assertTrue(r.stderr().contains("this job fails on purpose"), r.stderr());
        assertClusterServes();
    }

    @Test
    void malformedJsonGetsBadRequest() throws Exception {
        String boundary = "b0undary";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"request\"\r\n\r\n{not json\r\n--"
                + boundary + "--\r\n";
        HttpResponse<String> r = Distribution.http("POST", rest + "/jobs", HttpRequest.BodyPublishers.ofString(body),
                "multipart/form-data; boundary=" + boundary);
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("not valid JSON"), r.body());
        assertClusterServes();
    }

    @Test
    void oversizedUploadIsRefused() throws Exception {
        Path big = tmp.resolve("big.jar");
        Files.write(big, new byte[3 << 20]);
        HttpResponse<String> r = upload(big, "big.jar");
        assertEquals(413, r.statusCode());
        assertTrue(r.body().contains("rest.server.max-content-length"), r.body());
        assertClusterServes();
    }

    @Test
    void uploadNameWithParentDirectoryIsRefused() throws Exception {
        HttpResponse<String> r = upload(dist.examplesJar(), "../evil.jar");
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("not allowed"), r.body());
        assertTrue(Files.notExists(tmp.resolve("evil.jar")));
        assertClusterServes();
    }

    private static HttpResponse<String> upload(Path file, String fileName) throws Exception {
        String boundary = "b0undary";
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/java-archive\r\n\r\n").getBytes();
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes();
        var body = HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
                HttpRequest.BodyPublishers.ofFile(file), HttpRequest.BodyPublishers.ofByteArray(tail));
        try {
            return Distribution.http("POST", rest + "/jars/upload", body, "multipart/form-data; boundary=" + boundary);
        } catch (java.io.IOException e) {
            throw new AssertionError("upload failed without an HTTP answer: " + e, e);
        }
    }

    private static void assertClusterServes() throws Exception {
        JsonNode overview = Distribution.getJson(rest + "/overview");
        assertEquals(2, overview.path("taskmanagers").asInt(), overview.toString());
    }
}
