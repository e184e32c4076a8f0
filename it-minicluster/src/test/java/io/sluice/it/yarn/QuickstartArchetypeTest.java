package io.sluice.it.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.sandbox.EmbeddedHadoopCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's first job, from the archetype on: {@code mvn archetype:generate} makes a project whose
 * own source and exactly-once sink are written against the public interfaces; {@code mvn package}
 * builds and tests it; the job jar runs with {@code bin/sluice run -t local} and as a per-job YARN
 * application whose TaskManager container is SIGKILLed mid-run. Both outputs must be exactly the
 * lines an independent computation gives: each once, none missing.
 */
@Timeout(600)
class QuickstartArchetypeTest {

    private static final String VERSION = System.getProperty("sluice.version", "0.1-SNAPSHOT");

    @TempDir
    static Path tmp;

    static EmbeddedHadoopCluster cluster;
    static YarnDistribution dist;
    static Path jobJar;

    @BeforeAll
    static void generateAndPackage() throws Exception {
        NestedMaven maven = new NestedMaven();
        maven.requireInstalled("io.sluice", "sluice-quickstart", VERSION);
        maven.requireInstalled("io.sluice", "sluice-api", VERSION);
        Path workspace = Files.createDirectories(tmp.resolve("workspace"));
        int generated = maven.run(workspace, tmp.resolve("generate.log"), Duration.ofMinutes(3), "archetype:generate",
                "-DarchetypeGroupId=io.sluice", "-DarchetypeArtifactId=sluice-quickstart", "-DarchetypeVersion=" + VERSION,
                "-DgroupId=com.example", "-DartifactId=sensor-job", "-Dversion=1.0", "-Dpackage=com.example.sensors",
                "-DinteractiveMode=false");
        assertEquals(0, generated, Files.readString(tmp.resolve("generate.log")));
        Path project = workspace.resolve("sensor-job");
        int packaged = maven.run(project, tmp.resolve("package.log"), Duration.ofMinutes(5), "package");
        String log = Files.readString(tmp.resolve("package.log"));
        assertEquals(0, packaged, log);
        assertTrue(log.contains("Tests run: 2, Failures: 0, Errors: 0"), "the project's own tests ran: " + log);
        jobJar = project.resolve("target/sensor-job-1.0.jar");

        cluster = YarnDistribution.startCluster("quickstart", 1, Map.of());
        dist = new YarnDistribution(cluster, tmp, Map.of());
    }

    @AfterAll
    static void stop() {
        if (dist != null) {
            dist.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    /** What the job must write: per sensor, its running total after each reading (the template's formula). */
    static List<String> expectedLines(int sensors, long readingsPerSensor) {
        List<String> lines = new ArrayList<>();
        for (int sensor = 0; sensor < sensors; sensor++) {
            long total = 0;
            for (long n = 1; n <= readingsPerSensor; n++) {
                total += (sensor * 31L + n * 17L) % 100;
                lines.add("sensor-" + sensor + "," + n + "," + total);
            }
        }
        Collections.sort(lines);
        return lines;
    }

    /** The visible output: lines of the committed part files, sorted; hidden files are not output. */
    static List<String> outputLines(Path dir) throws Exception {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("part-")).toList()) {
                lines.addAll(Files.readAllLines(f));
            }
        }
        Collections.sort(lines);
        return lines;
    }

    @Test
    void theJobJarHoldsOnlyTheProjectsOwnClasses() throws Exception {
        List<String> classes = new ArrayList<>();
        try (JarFile jar = new JarFile(jobJar.toFile())) {
            Collections.list(jar.entries()).stream().map(e -> e.getName()).filter(n -> n.endsWith(".class"))
                    .forEach(classes::add);
        }
        assertTrue(classes.contains("com/example/sensors/SensorTotals.class"), classes.toString());
        assertEquals(List.of(), classes.stream().filter(c -> !c.startsWith("com/example/sensors/")).toList());
    }

    @Test
    void runsLocallyWithExactOutput() throws Exception {
        Path out = tmp.resolve("out-local");
        YarnDistribution.Result r = dist.sluice(List.of("run", "-t", "local", "-p", "2", jobJar.toString(),
                "--output", out.toString(), "--sensors", "5", "--readings", "3000", "--checkpointing", "200"),
                Duration.ofMinutes(3));
        assertEquals(0, r.exitCode(), r.describe());
        assertFalse(r.stderr().contains("Warning:"), "the job jar check complained: " + r.describe());
        assertEquals(expectedLines(5, 3000), outputLines(out));
    }

    @Test
    void runsOnYarnThroughATaskManagerKillWithExactOutput() throws Exception {
        Path out = tmp.resolve("out-yarn");
        YarnDistribution.Result submit = dist.sluice(List.of("run", "-t", "yarn-per-job", "-d", "-p", "2",
                jobJar.toString(), "--output", out.toString(), "--sensors", "4", "--readings", "1500",
                "--rate", "150", "--checkpointing", "300"), Duration.ofMinutes(2));
        assertEquals(0, submit.exitCode(), submit.describe());
        String appId = submit.applicationId();
        ProcessHandle tm = YarnJobClustersTest.awaitProcess(appId, "YarnTaskManagerRunner", Duration.ofMinutes(2));
        ApplicationReport report = dist.report(appId);
        String rest = "http://" + report.getHost() + ":" + report.getRpcPort();
        JsonNode overview = Http.awaitJson(rest + "/jobs/overview", j -> j.path("jobs").toString().contains("RUNNING"),
                Duration.ofMinutes(1));
        String jobId = overview.path("jobs").get(0).path("jid").asText();
        Http.awaitJson(rest + "/jobs/" + jobId + "/checkpoints", j -> j.path("counts").path("completed").asInt() >= 2,
                Duration.ofMinutes(1));

        tm.destroyForcibly(); // SIGKILL of the only TaskManager, with lines written since the last checkpoint

        JsonNode restored = Http.awaitJson(rest + "/jobs/" + jobId + "/checkpoints",
                j -> j.path("latest").path("restored").path("id").asLong() >= 2, Duration.ofMinutes(2));
        assertTrue(restored.path("counts").path("restored").asInt() >= 1, restored.toString());
        ApplicationReport end = dist.awaitReport(appId, YarnDistribution::ended, Duration.ofMinutes(3));
        assertEquals(FinalApplicationStatus.SUCCEEDED, end.getFinalApplicationStatus(), end.getDiagnostics());
        assertEquals(expectedLines(4, 1500), outputLines(out));
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(List.of(), files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith(".")).toList(),
                    "no in-progress or pending file is left once the job finished");
        }
    }
}
