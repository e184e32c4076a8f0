package io.sluice.it.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.sandbox.EmbeddedHadoopCluster;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.client.api.YarnClient;

/**
 * The binary distribution (scripts/target/sluice) used as a user would against an embedded Hadoop
 * cluster: HADOOP_CONF_DIR written from the running cluster, a conf dir of its own, the scripts run
 * as processes. Also what a user would look at afterwards: YARN's reports, the files on HDFS.
 */
final class YarnDistribution implements AutoCloseable {

    static final Pattern APP_ID = Pattern.compile("application_\\d+_\\d+");

    final Path home = Path.of(System.getProperty("sluice.dist.dir", "../scripts/target/sluice")).toAbsolutePath().normalize();
    final EmbeddedHadoopCluster cluster;
    final Path hadoopConfDir;
    final Path confDir;
    final Path logDir;
    final YarnClient yarn;
    private final List<Process> started = new ArrayList<>();

    /** A mini cluster sized for this 2-core machine: containers of 768 MB, one or two NodeManagers. */
    /** ZooKeeper high availability on the mini cluster's ZooKeeper and HDFS, with a 5 s session timeout. */
    static Map<String, String> zooKeeperHa(EmbeddedHadoopCluster cluster) {
        return Map.of(
                "high-availability.type", "zookeeper",
                "high-availability.zookeeper.quorum", cluster.getZooKeeperConnectString(),
                "high-availability.storageDir", cluster.getDefaultFs() + "/sluice/ha",
                "high-availability.zookeeper.client.session-timeout", "5 s");
    }

    static EmbeddedHadoopCluster startCluster(String name, int nodeManagers, Map<String, String> settings) throws IOException {
        // under target/, kept after the run: container logs (yarn.nodemanager.log-dirs) are what to read when a test fails
        Path baseDir = Path.of("target", "yarn-it", name).toAbsolutePath();
        org.apache.hadoop.fs.FileUtil.fullyDelete(baseDir.toFile());
        EmbeddedHadoopCluster.Builder b = EmbeddedHadoopCluster.builder().baseDir(baseDir).nodeManagers(nodeManagers)
                .nodeManagerMemoryMb(4096).nodeManagerVcores(8).maximumAmResourcePercent(1.0f);
        // keep container dirs and logs after the application for post-mortems
        b.set("yarn.nodemanager.delete.debug-delay-sec", "3600");
        settings.forEach(b::set);
        return b.start();
    }

    YarnDistribution(EmbeddedHadoopCluster cluster, Path tmp, Map<String, String> sluiceSettings) throws IOException {
        if (!Files.isExecutable(home.resolve("bin/yarn-session.sh"))) {
            throw new IllegalStateException("no distribution at " + home + ": build it first (mvn -DskipTests package)");
        }
        this.cluster = cluster;
        this.hadoopConfDir = Files.createDirectories(tmp.resolve("hadoop-conf"));
        cluster.writeHadoopConfDir(hadoopConfDir);
        this.confDir = Files.createDirectories(tmp.resolve("sluice-conf"));
        this.logDir = Files.createDirectories(tmp.resolve("log"));
        for (String f : List.of("log4j.properties", "log4j-cli.properties")) {
            Files.copy(home.resolve("conf").resolve(f), confDir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        StringBuilder yaml = new StringBuilder(Files.readString(home.resolve("conf/sluice.yaml")));
        yaml.append("\n# test settings\n");
        yaml.append("yarn.properties-file.location: \"").append(tmp).append("\"\n");
        // the mini cluster's NodeManager composes JAVA_HOME from its own env and admin-env ("a:a"): use a path
        yaml.append("yarn.container.java-home: \"").append(System.getProperty("java.home")).append("\"\n");
        // the written yarn-site.xml names MiniDFSCluster's test-only rack mapping (hadoop-common's test jar), which
        // real clusters do not have: containers use the standard one
        yaml.append("sluice.hadoop.net.topology.node.switch.mapping.impl: org.apache.hadoop.net.ScriptBasedMapping\n");
        yaml.append("jobmanager.memory.process.size: 768m\n");
        yaml.append("taskmanager.memory.process.size: 768m\n");
        sluiceSettings.forEach((k, v) -> yaml.append(k).append(": \"").append(v).append("\"\n"));
        Files.writeString(confDir.resolve("sluice.yaml"), yaml.toString());
        this.yarn = YarnClient.createYarnClient();
        yarn.init(cluster.getConfiguration());
        yarn.start();
    }

    Path examplesJar() {
        return home.resolve("examples/sluice-examples.jar");
    }

    private ProcessBuilder script(String script, List<String> args, Map<String, String> env) {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin").resolve(script).toString());
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("HADOOP_CONF_DIR", hadoopConfDir.toString());
        pb.environment().put("SLUICE_CONF_DIR", confDir.toString());
        pb.environment().put("SLUICE_LOG_DIR", logDir.toString());
        // client JVMs' class-data archives (bin/client-jvm.sh): this test's, not the user's home
        pb.environment().put("SLUICE_CDS_DIR", logDir.resolve("cds").toString());
        pb.environment().remove("HADOOP_CLASSPATH");
        pb.environment().remove("YARN_CONF_DIR");
        env.forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        return pb;
    }

    record Result(int exitCode, String stdout, String stderr) {
        String applicationId() {
            Matcher m = APP_ID.matcher(stdout);
            if (!m.find()) {
                throw new AssertionError("no application id on stdout: " + stdout + "\nstderr: " + stderr);
            }
            return m.group();
        }

        String describe() {
            return "exit " + exitCode + "\nstdout: " + stdout + "\nstderr: " + stderr;
        }
    }

    Result run(String script, List<String> args, Duration timeout) throws Exception {
        return run(script, args, Map.of(), timeout);
    }

    Result run(String script, List<String> args, Map<String, String> env, Duration timeout) throws Exception {
        Path out = Files.createTempFile(logDir, script, ".out");
        Path err = Files.createTempFile(logDir, script, ".err");
        Process p = script(script, args, env).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        started.add(p);
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError(script + " " + args + " did not finish within " + timeout + "; stderr:\n" + Files.readString(err));
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    Result sluice(List<String> args, Duration timeout) throws Exception {
        return run("sluice", args, timeout);
    }

    /** A long-running script (attached session) whose stdin the test writes to. */
    Process start(String script, List<String> args, Path output) throws IOException {
        Process p = script(script, args, Map.of()).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        started.add(p);
        return p;
    }

    ApplicationReport report(String appId) throws Exception {
        return yarn.getApplicationReport(ApplicationId.fromString(appId));
    }

    ApplicationReport awaitReport(String appId, Predicate<ApplicationReport> condition, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        ApplicationReport r = report(appId);
        while (!condition.test(r)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("application " + appId + " is " + r.getYarnApplicationState() + "/"
                        + r.getFinalApplicationStatus() + " after " + timeout + ": " + r.getDiagnostics());
            }
            Thread.sleep(200);
            r = report(appId);
        }
        return r;
    }

    static boolean ended(ApplicationReport r) {
        return switch (r.getYarnApplicationState()) {
            case FINISHED, FAILED, KILLED -> true;
            default -> false;
        };
    }

    /** Staging dirs of applications under ~/.sluice (the dist-jar cache is not one). */
    List<String> stagingDirs() throws IOException {
        FileSystem fs = cluster.getFileSystem();
        org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(fs.getHomeDirectory(), ".sluice");
        if (!fs.exists(root)) {
            return List.of();
        }
        // cache/ (the dist jar by content) and checkpoints/ (default checkpoint directory) outlive applications
        return Arrays.stream(fs.listStatus(root)).map(s -> s.getPath().getName())
                .filter(n -> !n.equals("cache") && !n.equals("checkpoints")).toList();
    }

    String hdfs(String path) throws IOException {
        return cluster.getDefaultFs() + path;
    }

    /** All numbers in the part files under an HDFS dir, sorted. */
    List<Long> readOutput(String path) throws IOException {
        List<Long> values = new ArrayList<>();
        for (String line : readLines(path)) {
            values.add(Long.parseLong(line));
        }
        values.sort(null);
        return values;
    }

    /** The lines of the part files under an HDFS dir, file by file in name order. */
    List<String> readLines(String path) throws IOException {
        FileSystem fs = cluster.getFileSystem();
        List<String> lines = new ArrayList<>();
        FileStatus[] files = fs.listStatus(new org.apache.hadoop.fs.Path(path));
        java.util.Arrays.sort(files, java.util.Comparator.comparing(s -> s.getPath().getName()));
        for (FileStatus s : files) {
            String name = s.getPath().getName();
            if (name.contains("inprogress")) {
                throw new AssertionError("half-written file left behind: " + s.getPath());
            }
            if (name.startsWith("part-")) {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(s.getPath()), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        lines.add(line);
                    }
                }
            }
        }
        return lines;
    }

    /** SequenceToText's exact output for [from, to]: x*2 that are multiples of 3. */
    void assertSequenceOutput(String path, long from, long to) throws IOException {
        List<Long> expected = LongStream.rangeClosed(from, to).map(x -> x * 2).filter(x -> x % 3 == 0).boxed().toList();
        List<Long> actual = readOutput(path);
        assertEquals(expected.size(), actual.size(), "number of output records in " + path);
        assertEquals(expected, actual, "output records in " + path);
    }

    /** Kills every YARN application still running and every process this test started. */
    @Override
    public void close() {
        try {
            for (ApplicationReport r : yarn.getApplications()) {
                if (!ended(r)) {
                    yarn.killApplication(r.getApplicationId());
                }
            }
        } catch (Exception e) {
            // the cluster is going down anyway
        }
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        yarn.stop();
    }
}
