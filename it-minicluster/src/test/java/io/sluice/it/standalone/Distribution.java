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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The binary distribution under test (scripts/target/sluice): starts its processes and talks to them. */
public final class Distribution {

    public static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public final Path home = Path.of(System.getProperty("sluice.dist.dir", "../scripts/target/sluice")).toAbsolutePath().normalize();
    public final Path logDir;
    /** Started daemons by name, in start order. */
    private final Map<String, Process> daemons = new LinkedHashMap<>();

    public Distribution(Path logDir) {
        if (!Files.isExecutable(home.resolve("bin/sluice"))) {
            throw new IllegalStateException("no distribution at " + home + ": run 'mvn -DskipTests install' first");
        }
        this.logDir = logDir;
    }

    public Path examplesJar() {
        return home.resolve("examples/sluice-examples.jar");
    }

    /**
     * A port that is free now. Only for addresses nothing binds (a client pointed at a dead port): a port
     * handed to a process that starts next to others can be taken by their ephemeral binds first.
     */
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
        pb.environment().remove("HADOOP_CLASSPATH"); // the bundled lib/hadoop, whatever this machine has installed
        pb.environment().putAll(env);
        return pb;
    }

    /** Starts a long-running process (jobmanager / taskmanager); stopped by {@link #stopAll()}. */
    public Process startDaemon(String name, List<String> args) throws IOException {
        if (daemons.containsKey(name)) {
            throw new IllegalArgumentException("a daemon named " + name + " was started already");
        }
        Process p = sluice(args).redirectErrorStream(true).redirectOutput(daemonOutput(name).toFile()).start();
        daemons.put(name, p);
        return p;
    }

    /** A daemon's standard output and error: its console log. */
    public Path daemonOutput(String name) {
        return logDir.resolve(name + ".out");
    }

    /** Daemons in start order. */
    public List<Process> startedDaemons() {
        return List.copyOf(daemons.values());
    }

    /** A started JobManager process and the ports it bound. */
    public record JobManagerProcess(Process process, int restPort, int rpcPort) {
        /** host:port of the REST endpoint, for {@code bin/sluice run -m}. */
        public String restAddress() {
            return "localhost:" + restPort;
        }

        public String restUrl() {
            return "http://" + restAddress();
        }

        /** Options that point a TaskManager at this JobManager (without high availability). */
        public List<String> taskManagerOptions() {
            return List.of("-D", "jobmanager.rpc.address=localhost", "-D", "jobmanager.rpc.port=" + rpcPort);
        }
    }

    private static final Pattern RPC_LISTENING = Pattern.compile("RPC service listening on \\S+:(\\d+)");
    private static final Pattern REST_LISTENING = Pattern.compile("REST server listening on \\S+:(\\d+)");

    /**
     * Starts a JobManager on ports of its own choosing (0) and waits until it has bound both, read from
     * its console log. Ports picked up front by the test could be taken by the ephemeral binds of the
     * processes starting next to it, and the JobManager would die at start.
     */
    public JobManagerProcess startJobManager(String name, List<String> options) throws Exception {
        List<String> args = new ArrayList<>(List.of("jobmanager", "-D", "jobmanager.rpc.address=localhost",
                "-D", "jobmanager.rpc.port=0", "-D", "rest.port=0"));
        args.addAll(options);
        Process p = startDaemon(name, args);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            String out = Files.readString(daemonOutput(name));
            Matcher rpc = RPC_LISTENING.matcher(out);
            Matcher rest = REST_LISTENING.matcher(out);
            if (rpc.find() && rest.find()) {
                return new JobManagerProcess(p, Integer.parseInt(rest.group(1)), Integer.parseInt(rpc.group(1)));
            }
            if (!p.isAlive()) {
                throw new AssertionError("JobManager " + name + " exited with " + p.exitValue() + " before it listened:\n"
                        + daemonReport());
            }
            Thread.sleep(50);
        }
        throw new AssertionError("JobManager " + name + " did not listen within 90 s:\n" + daemonReport());
    }

    /**
     * Polls the REST endpoint until {@code condition} holds; on failure, the message has what every
     * daemon printed, so that a run on a CI machine can be understood from its output alone.
     */
    public JsonNode awaitCluster(String url, Predicate<JsonNode> condition, Duration timeout) throws Exception {
        try {
            return awaitJson(url, condition, timeout);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + daemonReport(), e);
        }
    }

    /** Whether each daemon is alive, and the last lines of its console log. */
    public String daemonReport() {
        StringBuilder report = new StringBuilder();
        daemons.forEach((name, p) -> {
            report.append("--- ").append(name).append(p.isAlive() ? " (running)" : " (exited with " + p.exitValue() + ")")
                    .append(", last lines of ").append(daemonOutput(name)).append(":\n");
            try {
                List<String> lines = Files.readAllLines(daemonOutput(name));
                lines.subList(Math.max(0, lines.size() - 30), lines.size()).forEach(l -> report.append(l).append('\n'));
            } catch (IOException e) {
                report.append("(cannot read: ").append(e).append(")\n");
            }
        });
        return report.toString();
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
        for (Process p : daemons.values()) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
        for (Process p : daemons.values()) {
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }
        daemons.clear();
    }
}
