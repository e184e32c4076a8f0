package io.sluice.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.config.Configuration;
import io.sluice.ha.zookeeper.HaTestCluster;
import io.sluice.ha.zookeeper.ZooKeeperHaServices;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Standalone JobManager failover with the real distribution: two {@code bin/sluice jobmanager}
 * processes and one TaskManager on ZooKeeper (TestingServer) and HDFS (MiniDFSCluster) in this JVM,
 * one endless rate-limited job. Each round kills the leader with SIGKILL and measures, from the kill:
 * <ul>
 *   <li>granted: the standby's ResourceManager published its new session id in ZooKeeper (it was
 *       elected);</li>
 *   <li>dispatcher: the standby's REST API answers as leader (job graphs recovered);</li>
 *   <li>running: the recovered job has all tasks RUNNING again (TaskManager re-registered, slots
 *       allocated, tasks deployed, jar fetched from the HA storage).</li>
 * </ul>
 * Then a fresh JobManager is started as the next standby. Modes: {@code default} (60 s ZooKeeper
 * session timeout, a server whose tickTime allows it), {@code tuned} ({@code --session-timeout}, default
 * 2 s), {@code evict} (default 60 s session, but the benchmark, knowing the killed instance is dead,
 * removes its election entry at once as a YARN ApplicationMaster would).
 */
public final class HaFailoverBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Path dist;
    private final Path work;
    private final int runs;
    private final String tunedSessionTimeout;

    private final List<Process> processes = new ArrayList<>();

    private HaFailoverBenchmark(Path dist, Path work, int runs, String tunedSessionTimeout) {
        this.dist = dist;
        this.work = work;
        this.runs = runs;
        this.tunedSessionTimeout = tunedSessionTimeout;
    }

    public static void main(String[] args) throws Exception {
        List<String> modes = List.of("tuned", "evict", "default");
        int runs = 3;
        String session = "2 s";
        Path dist = Path.of("scripts/target/sluice");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--modes" -> modes = Arrays.asList(args[++i].split(","));
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--session-timeout" -> session = args[++i];
                case "--dist" -> dist = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: [--modes tuned,evict,default] [--runs 3] [--session-timeout '2 s'] [--dist scripts/target/sluice]");
            }
        }
        if (!Files.isExecutable(dist.resolve("bin/sluice"))) {
            throw new IllegalStateException("no distribution at " + dist.toAbsolutePath() + ": build it (mvn -DskipTests package)");
        }
        Path work = Files.createTempDirectory("sluice-ha-benchmark");
        HaFailoverBenchmark benchmark = new HaFailoverBenchmark(dist.toAbsolutePath(), work, runs, session);
        System.out.println("mode     session  run  granted_ms  dispatcher_ms  running_ms");
        for (String mode : modes) {
            benchmark.run(mode);
        }
        System.out.println("work dir (logs): " + work);
    }

    private void run(String mode) throws Exception {
        boolean tuned = mode.equals("tuned");
        // ZooKeeper grants sessions of 2 to 20 ticks: 3 s ticks allow the 60 s default.
        int tick = tuned ? 200 : 3000;
        String session = tuned ? tunedSessionTimeout : "60 s";
        Path modeDir = Files.createDirectories(work.resolve(mode));
        String clusterId = "bench-" + mode;
        try (HaTestCluster backing = HaTestCluster.start(modeDir.resolve("backing").toFile(), tick)) {
            List<String> ha = List.of("-D", "high-availability.type=zookeeper",
                    "-D", "high-availability.zookeeper.quorum=" + backing.quorum(),
                    "-D", "high-availability.storageDir=" + backing.hdfsUri() + "/sluice-ha",
                    "-D", "high-availability.cluster-id=" + clusterId,
                    "-D", "high-availability.zookeeper.client.session-timeout=" + session);
            Configuration observerConfig = backing.haConfiguration(clusterId);
            try (ZooKeeperHaServices observer = ZooKeeperHaServices.createForLeaderRetrieval(observerConfig)) {
                List<Integer> restPorts = new ArrayList<>();
                List<String> instances = new ArrayList<>();
                int leader = startJobManager(modeDir, ha, restPorts, instances);
                awaitTrue("first JobManager leads", Duration.ofSeconds(120), () -> answers(restPorts.get(leader), "/overview"));
                int standby = startJobManager(modeDir, ha, restPorts, instances);
                start(modeDir, "taskmanager", concat(List.of("taskmanager", "-D", "taskmanager.numberOfTaskSlots=2"), ha));
                awaitTrue("TaskManager registered", Duration.ofSeconds(120),
                        () -> json(restPorts.get(leader), "/overview").path("taskmanagers").asInt() == 1);
                String jobId = submit(restPorts.get(leader), modeDir);
                awaitTrue("job RUNNING", Duration.ofSeconds(120), () -> allRunning(restPorts.get(leader), jobId));

                int current = leader;
                int next = standby;
                awaitTrue("standby up", Duration.ofSeconds(120), () -> up(restPorts.get(standby)));
                for (int r = 1; r <= runs; r++) {
                    Thread.sleep(2000); // steady state
                    byte[] before = observer.curator().getData().forPath("/leader/resourcemanager/connection_info");
                    Process victim = jmProcess(current);
                    victim.destroyForcibly(); // SIGKILL
                    victim.waitFor(10, TimeUnit.SECONDS);
                    long killed = System.nanoTime();
                    if (mode.equals("evict")) {
                        String dead = instances.get(current);
                        observer.evictDeadInstances(id -> id.equals(dead));
                    }
                    long granted = awaitNanos(Duration.ofSeconds(180), () -> !Arrays.equals(before,
                            data(observer, "/leader/resourcemanager/connection_info"))) - killed;
                    int newLeader = next;
                    long dispatcher = awaitNanos(Duration.ofSeconds(180), () -> answers(restPorts.get(newLeader), "/overview")) - killed;
                    long running = awaitNanos(Duration.ofSeconds(180), () -> allRunning(restPorts.get(newLeader), jobId)) - killed;
                    System.out.printf(Locale.ROOT, "%-8s %-8s %3d  %10d  %13d  %10d%n", mode, session.replace(" ", ""), r,
                            granted / 1_000_000, dispatcher / 1_000_000, running / 1_000_000);
                    current = newLeader;
                    if (r < runs) {
                        next = startJobManager(modeDir, ha, restPorts, instances);
                        int n = next;
                        awaitTrue("new standby up", Duration.ofSeconds(120), () -> up(restPorts.get(n)));
                    }
                }
            } finally {
                stopAll();
            }
        }
    }

    private final List<Process> jobManagers = new ArrayList<>();

    private Process jmProcess(int index) {
        return jobManagers.get(index);
    }

    private int startJobManager(Path dir, List<String> ha, List<Integer> restPorts, List<String> instances) throws IOException {
        int rest = freePort();
        String instance = "jm-" + jobManagers.size();
        Process p = start(dir, instance, concat(List.of("jobmanager", "-D", "jobmanager.rpc.port=" + freePort(),
                "-D", "rest.port=" + rest, "-D", "high-availability.instance-id=" + instance), ha));
        jobManagers.add(p);
        restPorts.add(rest);
        instances.add(instance);
        return jobManagers.size() - 1;
    }

    private String submit(int restPort, Path dir) throws Exception {
        Path out = dir.resolve("out");
        ProcessBuilder pb = new ProcessBuilder(dist.resolve("bin/sluice").toString(), "run", "-d", "-m",
                "localhost:" + restPort, "-p", "2", dist.resolve("examples/sluice-examples.jar").toString(),
                "--output", out.toUri().toString(), "--to", "1000000000", "--rate", "50");
        pb.environment().put("SLUICE_LOG_DIR", dir.toString());
        pb.redirectError(dir.resolve("submit.err").toFile());
        Process p = pb.start();
        String jobId = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("submit failed: " + Files.readString(dir.resolve("submit.err")));
        }
        return jobId;
    }

    private Process start(Path dir, String name, List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(dist.resolve("bin/sluice").toString());
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("SLUICE_LOG_DIR", dir.toString());
        pb.redirectErrorStream(true).redirectOutput(dir.resolve(name + ".out").toFile());
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    private void stopAll() throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        processes.clear();
        jobManagers.clear();
    }

    private static byte[] data(ZooKeeperHaServices ha, String path) {
        try {
            return ha.curator().getData().forPath(path);
        } catch (Exception e) {
            return null;
        }
    }

    private static boolean allRunning(int port, String jobId) {
        JsonNode job = json(port, "/jobs/" + jobId);
        return job.path("state").asText().equals("RUNNING") && job.path("status-counts").path("RUNNING").asInt() == 2;
    }

    private static int status(int port, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static boolean answers(int port, String path) {
        return status(port, path) == 200;
    }

    /** The REST server is up (as leader or standby). */
    private static boolean up(int port) {
        return status(port, "/overview") > 0;
    }

    private static JsonNode json(int port, String path) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? JSON.readTree(r.body()) : JSON.createObjectNode();
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }

    private static long awaitNanos(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not reached within " + timeout);
            }
            Thread.sleep(10);
        }
        return System.nanoTime();
    }

    private static void awaitTrue(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        try {
            awaitNanos(timeout, condition);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(what + ": not reached within " + timeout);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
