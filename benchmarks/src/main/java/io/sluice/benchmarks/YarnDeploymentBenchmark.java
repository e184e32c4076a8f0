package io.sluice.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.sandbox.EmbeddedHadoopCluster;
import java.io.IOException;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.client.api.YarnClient;

/**
 * Deployment on YARN as a user sees it, on an embedded Hadoop cluster (1 NodeManager, 100 ms NM
 * heartbeats) with the assembled distribution's scripts:
 * <ul>
 *   <li>session: {@code yarn-session.sh -d} until it returns (AM running, REST registered), and until
 *       the first TaskManager has registered when a job is submitted right away; and a warm session
 *       ({@code resourcemanager.taskmanagers.min=1}) until its first TaskManager registered;</li>
 *   <li>per-job: {@code sluice run -t yarn-per-job} (attached) of the WordCount example over the
 *       distribution's sample text on HDFS until it exits, which is when YARN reports the application
 *       FINISHED;</li>
 *   <li>N TaskManagers (1 slot each) allocated, started and registered for a job of parallelism N.</li>
 * </ul>
 * Usage: {@code YarnDeploymentBenchmark <dist dir> [--runs 3] [--taskmanagers 1,4,16]}.
 */
public final class YarnDeploymentBenchmark {

    private static final Pattern APP_ID = Pattern.compile("application_\\d+_\\d+");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dist;
    private final Path work;
    private final EmbeddedHadoopCluster cluster;
    private final YarnClient yarn;
    private final Path hadoopConf;
    private final Path conf;

    private YarnDeploymentBenchmark(Path dist, Path work, int nmMemoryMb) throws Exception {
        this.dist = dist;
        this.work = work;
        this.cluster = EmbeddedHadoopCluster.builder().baseDir(work.resolve("hadoop")).nodeManagers(1)
                .nodeManagerMemoryMb(nmMemoryMb).nodeManagerVcores(32).maximumAmResourcePercent(1.0f).start();
        this.hadoopConf = Files.createDirectories(work.resolve("hadoop-conf"));
        cluster.writeHadoopConfDir(hadoopConf);
        this.conf = Files.createDirectories(work.resolve("conf"));
        for (String f : List.of("log4j.properties", "log4j-cli.properties")) {
            Files.copy(dist.resolve("conf").resolve(f), conf.resolve(f));
        }
        Files.writeString(conf.resolve("sluice.yaml"), Files.readString(dist.resolve("conf/sluice.yaml"))
                + "\nyarn.container.java-home: \"" + System.getProperty("java.home") + "\"\n"
                + "sluice.hadoop.net.topology.node.switch.mapping.impl: org.apache.hadoop.net.ScriptBasedMapping\n"
                + "yarn.properties-file.location: \"" + work + "\"\n"
                + "jobmanager.memory.process.size: 768m\n"
                + "taskmanager.memory.process.size: 640m\n");
        // WordCount's input: the sample text the distribution ships, on HDFS as a user would keep it
        cluster.getFileSystem().copyFromLocalFile(new org.apache.hadoop.fs.Path(dist.resolve("examples/data").toUri()),
                new org.apache.hadoop.fs.Path("/bench/input"));
        this.yarn = YarnClient.createYarnClient();
        yarn.init(cluster.getConfiguration());
        yarn.start();
    }

    public static void main(String[] args) throws Exception {
        Path dist = Path.of(args.length > 0 ? args[0] : "scripts/target/sluice").toAbsolutePath();
        int runs = 3;
        List<Integer> taskManagers = List.of(1, 4, 16);
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--taskmanagers" -> taskManagers = java.util.Arrays.stream(args[++i].split(",")).map(Integer::valueOf).toList();
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path work = Files.createTempDirectory("sluice-yarn-bench");
        int maxTm = taskManagers.stream().mapToInt(Integer::intValue).max().orElse(1);
        // YARN rounds 640 MB up to 768 MB (minimum allocation 256 MB): room for the AM and maxTm of those, plus slack
        YarnDeploymentBenchmark b = new YarnDeploymentBenchmark(dist, work, 768 + 768 * Math.max(maxTm, 2) + 512);
        Map<String, List<Long>> results = new LinkedHashMap<>();
        try {
            for (int r = 0; r < runs; r++) {
                b.session(results);
                record(results, "warm session (taskmanagers.min=1) deploy -> first TaskManager registered", b.warmSession());
                record(results, "per-job WordCount submit -> application FINISHED (attached exit)", b.perJob());
                for (int n : taskManagers) {
                    record(results, n + " TaskManager(s): job submit -> all registered", b.taskManagers(n));
                }
            }
        } finally {
            b.yarn.stop();
            b.cluster.close();
        }
        System.out.println();
        System.out.printf("%-62s %8s %8s %8s%n", "step (ms)", "median", "min", "max");
        results.forEach((step, values) -> {
            List<Long> sorted = values.stream().sorted().toList();
            System.out.printf("%-62s %8d %8d %8d%n", step, sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1));
        });
    }

    private static void record(Map<String, List<Long>> results, String step, long ms) {
        results.computeIfAbsent(step, k -> new ArrayList<>()).add(ms);
        System.out.println(step + ": " + ms + " ms");
    }

    private void session(Map<String, List<Long>> results) throws Exception {
        java.util.Set<ApplicationId> before = new java.util.HashSet<>();
        yarn.getApplications().forEach(r -> before.add(r.getApplicationId()));
        long t0 = System.nanoTime();
        // what Flink's anchor measures: when YARN reports the new application RUNNING (its AM registered)
        java.util.concurrent.CompletableFuture<Long> running = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> awaitNewApplicationRunning(before));
        String out = run("yarn-session.sh", List.of("-d", "-s", "1"));
        long deployed = System.nanoTime();
        String appId = appId(out);
        record(results, "session deploy -> YARN application RUNNING (polled at the RM every 10 ms)",
                ms(running.get(1, TimeUnit.MINUTES) - t0));
        run("sluice", List.of("run", "-t", "yarn-session", "-yid", appId, "-d", examples(), "--output",
                cluster.getDefaultFs() + "/bench/session-" + System.nanoTime(), "--to", "100"));
        String rest = rest(appId);
        awaitTaskManagers(rest, 1);
        long registered = System.nanoTime();
        record(results, "session deploy -> AM running, REST up (yarn-session.sh -d)", ms(deployed - t0));
        record(results, "session deploy -> first TaskManager registered (job submitted)", ms(registered - t0));
        run("yarn-session.sh", List.of("-id", appId, "--stop"));
    }

    private long awaitNewApplicationRunning(java.util.Set<ApplicationId> before) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        try {
            while (System.nanoTime() < deadline) {
                for (ApplicationReport r : yarn.getApplications(java.util.EnumSet.of(
                        org.apache.hadoop.yarn.api.records.YarnApplicationState.RUNNING))) {
                    if (!before.contains(r.getApplicationId())) {
                        return System.nanoTime();
                    }
                }
                Thread.sleep(10);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException("no new application RUNNING within a minute");
    }

    /** A session that starts its first TaskManager when its JobManager leads, before any job. */
    private long warmSession() throws Exception {
        long t0 = System.nanoTime();
        String appId = appId(run("yarn-session.sh", List.of("-d", "-s", "1", "-D", "resourcemanager.taskmanagers.min=1")));
        awaitTaskManagers(rest(appId), 1);
        long elapsed = ms(System.nanoTime() - t0);
        run("yarn-session.sh", List.of("-id", appId, "--stop"));
        return elapsed;
    }

    private long perJob() throws Exception {
        long t0 = System.nanoTime();
        run("sluice", List.of("run", "-t", "yarn-per-job", "-p", "2", dist.resolve("examples/wordcount.jar").toString(),
                "--input", cluster.getDefaultFs() + "/bench/input", "--output",
                cluster.getDefaultFs() + "/bench/per-job-" + System.nanoTime()));
        return ms(System.nanoTime() - t0);
    }

    private long taskManagers(int n) throws Exception {
        String appId = appId(run("yarn-session.sh", List.of("-d", "-s", "1")));
        String rest = rest(appId);
        long t0 = System.nanoTime();
        run("sluice", List.of("run", "-t", "yarn-session", "-yid", appId, "-d", "-p", String.valueOf(n), examples(),
                "--output", cluster.getDefaultFs() + "/bench/tms-" + System.nanoTime(), "--rate", "1"));
        awaitTaskManagers(rest, n);
        long elapsed = ms(System.nanoTime() - t0);
        run("yarn-session.sh", List.of("-id", appId, "--stop"));
        return elapsed;
    }

    private String examples() {
        return dist.resolve("examples/sluice-examples.jar").toString();
    }

    private String rest(String appId) throws Exception {
        ApplicationReport r = yarn.getApplicationReport(ApplicationId.fromString(appId));
        return "http://" + r.getHost() + ":" + r.getRpcPort();
    }

    private static void awaitTaskManagers(String rest, int n) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(rest + "/taskmanagers")).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode tms = JSON.readTree(r.body()).path("taskmanagers");
            if (tms.size() >= n) {
                return;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException(n + " TaskManagers did not register within 5 minutes");
    }

    private String run(String script, List<String> args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(dist.resolve("bin").resolve(script).toString());
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("HADOOP_CONF_DIR", hadoopConf.toString());
        pb.environment().put("SLUICE_CONF_DIR", conf.toString());
        pb.environment().remove("HADOOP_CLASSPATH");
        // the clients' class-data archives (bin/client-jvm.sh): written by the first run of each script
        pb.environment().put("SLUICE_CDS_DIR", work.resolve("cds").toString());
        Path out = Files.createTempFile(work, script, ".out");
        Path err = Files.createTempFile(work, script, ".err");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(script + " " + args + " failed: " + Files.readString(err));
        }
        return Files.readString(out);
    }

    private static String appId(String out) {
        Matcher m = APP_ID.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no application id in: " + out);
        }
        return m.group();
    }

    private static long ms(long nanos) {
        return Duration.ofNanos(nanos).toMillis();
    }
}
