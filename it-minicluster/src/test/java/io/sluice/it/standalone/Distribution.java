package io.sluice.it.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** The binary distribution under test (scripts/target/sluice): starts its processes and talks to them. */
public final class Distribution {

    public static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public final Path home = Path.of(System.getProperty("sluice.dist.dir", "../scripts/target/sluice")).toAbsolutePath().normalize();
    public final Path logDir;
    private final List<Process> daemons = new ArrayList<>();

    public Distribution(Path logDir) {
        if (!Files.isExecutable(home.resolve("bin/sluice"))) {
            throw new IllegalStateException("no distribution at " + home + ": run 'mvn -DskipTests install' first");
        }
        this.logDir = logDir;
    }

    public Path examplesJar() {
        return home.resolve("examples/sluice-examples.jar");
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Where client JVMs keep their class-data archives (bin/client-jvm.sh): the test's, not the user's home. */
    public Path classDataArchiveDir() {
        return logDir.resolve("cds");
    }

    private ProcessBuilder sluice(List<String> args) {
        return sluice(args, java.util.Map.of());
    }

    private ProcessBuilder sluice(List<String> args, java.util.Map<String, String> env) {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/sluice").toString());
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("SLUICE_LOG_DIR", logDir.toString());
        pb.environment().put("SLUICE_CDS_DIR", classDataArchiveDir().toString());
        pb.environment().remove("SLUICE_CONF_DIR");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().putAll(env);
        return pb;
    }

    /** Starts a long-running process (jobmanager / taskmanager); stopped by {@link #stopAll()}. */
    public Process startDaemon(String name, List<String> args) throws IOException {
        Path out = logDir.resolve(name + ".out");
        Process p = sluice(args).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        daemons.add(p);
        return p;
    }

    /** Daemons in start order. */
    public List<Process> startedDaemons() {
        return List.copyOf(daemons);
    }

    public record Result(int exitCode, String stdout, String stderr) {}

    /** Runs a CLI command to completion. */
    public Result run(List<String> args, Duration timeout) throws Exception {
        return run(args, java.util.Map.of(), timeout);
    }

    /** Runs a CLI command to completion with extra environment variables. */
    public Result run(List<String> args, java.util.Map<String, String> env, Duration timeout) throws Exception {
        Path out = Files.createTempFile(logDir, "cli", ".out");
        Path err = Files.createTempFile(logDir, "cli", ".err");
        Process p = sluice(args, env).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("sluice " + args + " did not finish within " + timeout + "; stderr:\n" + Files.readString(err));
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    public static HttpResponse<String> http(String method, String url, HttpRequest.BodyPublisher body, String contentType)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).method(method, body);
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public static JsonNode getJson(String url) throws Exception {
        HttpResponse<String> r = http("GET", url, HttpRequest.BodyPublishers.noBody(), null);
        if (r.statusCode() != 200) {
            throw new IOException(url + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /** Polls {@code url} until the JSON satisfies {@code condition}; fails with the last answer after the timeout. */
    public static JsonNode awaitJson(String url, Predicate<JsonNode> condition, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "(no answer)";
        while (System.nanoTime() < deadline) {
            try {
                JsonNode node = getJson(url);
                if (condition.test(node)) {
                    return node;
                }
                last = node.toString();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("condition on " + url + " not met within " + timeout + "; last answer: " + last);
    }

    /** SIGTERM to every daemon and what it started, then SIGKILL after 15 s. */
    public void stopAll() throws InterruptedException {
        for (Process p : daemons) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
        for (Process p : daemons) {
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }
        daemons.clear();
    }
}
