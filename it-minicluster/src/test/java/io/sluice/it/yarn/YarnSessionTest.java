package io.sluice.it.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.sandbox.EmbeddedHadoopCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A session on YARN, deployed and used through bin/yarn-session.sh and bin/sluice. */
@Timeout(300)
class YarnSessionTest {

    @TempDir
    static Path tmp;

    static EmbeddedHadoopCluster cluster;
    static YarnDistribution dist;

    @BeforeAll
    static void start() throws Exception {
        cluster = YarnDistribution.startCluster("session", 1, Map.of());
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

    @Test
    void detachedSessionRunsTwoJobsAndStopsCleanly() throws Exception {
        // GC logs of every container next to its other logs, as an operator would ask for them
        YarnDistribution.Result deploy = dist.run("yarn-session.sh", List.of("-d", "-nm", "it-session", "-s", "2",
                        "-D", "env.java.opts.all=-Xlog:gc:file=<LOG_DIR>/gc.log"), Duration.ofMinutes(2));
        assertEquals(0, deploy.exitCode(), deploy.describe());
        String appId = deploy.applicationId();
        assertTrue(deploy.stderr().contains("/proxy/" + appId), deploy.stderr());
        ApplicationReport running = dist.report(appId);
        assertEquals("Sluice", running.getApplicationType());
        assertEquals("it-session", running.getName());
        assertEquals(List.of(appId), dist.stagingDirs(), "the running session's staging dir");

        // first job: explicit -yid; second job: no target, found through the properties file
        YarnDistribution.Result first = dist.sluice(List.of("run", "-t", "yarn-session", "-yid", appId, "-p", "2",
                dist.examplesJar().toString(), "--output", dist.hdfs("/out/session-1"), "--to", "20000"), Duration.ofMinutes(2));
        assertEquals(0, first.exitCode(), first.describe());
        assertTrue(first.stderr().contains("finished successfully"), first.describe());
        assertContainerTimesInRest(appId);
        YarnDistribution.Result second = dist.sluice(List.of("run", dist.examplesJar().toString(),
                "--output", dist.hdfs("/out/session-2"), "--from", "5", "--to", "3000"), Duration.ofMinutes(2));
        assertEquals(0, second.exitCode(), second.describe());
        assertTrue(second.stderr().contains("Using the YARN session " + appId), second.describe());
        dist.assertSequenceOutput("/out/session-1", 1, 20000);
        dist.assertSequenceOutput("/out/session-2", 5, 3000);

        assertTrue(containerLogs(appId, "gc.log").size() >= 2, "gc.log of the AM and the TaskManager: "
                + containerLogs(appId, "gc.log"));
        // the AM's JVM runs C1 alone (yarn.appmaster.optimizing-compiler), the TaskManagers' keep C2
        for (Path launch : containerLogs(appId, "launch_container.sh")) {
            boolean am = launch.getParent().getFileName().toString().endsWith("_000001");
            assertEquals(am, Files.readString(launch).contains("-XX:TieredStopAtLevel=1"), launch.toString());
        }

        YarnDistribution.Result list = dist.sluice(List.of("list", "-yid", appId), Duration.ofMinutes(1));
        assertEquals(0, list.exitCode(), list.describe());
        assertEquals(2, list.stdout().lines().filter(l -> l.contains("FINISHED")).count(), list.stdout());

        Path propertiesFile = tmp.resolve(".yarn-properties-" + System.getProperty("user.name"));
        String recorded = java.nio.file.Files.readString(propertiesFile);
        YarnDistribution.Result stop = dist.run("yarn-session.sh", List.of("-id", appId, "--stop"), Duration.ofMinutes(1));
        assertEquals(0, stop.exitCode(), stop.describe());
        ApplicationReport end = dist.awaitReport(appId, YarnDistribution::ended, Duration.ofSeconds(60));
        assertEquals(FinalApplicationStatus.SUCCEEDED, end.getFinalApplicationStatus(), end.getDiagnostics());
        assertEquals(List.of(), dist.stagingDirs(), "staging dirs after the session ended");

        // naming the ended session: one message about the target (looked up while the program builds its job), exit 2
        YarnDistribution.Result toEnded = dist.sluice(List.of("run", "-t", "yarn-session", "-yid", appId,
                dist.examplesJar().toString(), "--output", dist.hdfs("/out/session-ended")), Duration.ofMinutes(1));
        assertEquals(2, toEnded.exitCode(), toEnded.describe());
        assertTrue(toEnded.stderr().contains("YARN application " + appId + " has ended"), toEnded.describe());
        assertTrue(!toEnded.stderr().contains("\tat "), "no stack trace for a wrong target: " + toEnded.describe());

        // a properties file that names the ended session (e.g. the session was killed): ignored, and the user told so
        java.nio.file.Files.writeString(propertiesFile, recorded);
        YarnDistribution.Result after = dist.sluice(List.of("run", "-t", "yarn-session", dist.examplesJar().toString(),
                "--output", dist.hdfs("/out/session-3")), Duration.ofMinutes(1));
        assertEquals(2, after.exitCode(), after.describe());
        assertTrue(after.stderr().contains("the session " + appId + " it records has ended"), after.describe());
        assertTrue(after.stderr().contains("no YARN session to submit to"), after.describe());
    }

    /**
     * The TaskManager that ran the first job is a container of this application, and REST shows when
     * it was requested, allocated, launched and registered, in that order, on the node YARN put it.
     */
    private static void assertContainerTimesInRest(String appId) throws Exception {
        ApplicationReport report = dist.report(appId);
        String rest = "http://" + report.getHost() + ":" + report.getRpcPort();
        Map<String, String> nodeOfContainer = new java.util.HashMap<>();
        dist.yarn.getContainers(report.getCurrentApplicationAttemptId())
                .forEach(c -> nodeOfContainer.put(c.getContainerId().toString(), c.getAssignedNode().toString()));
        JsonNode tms = Http.getJson(rest + "/taskmanagers").path("taskmanagers");
        assertTrue(tms.size() >= 1, tms.toString());
        JsonNode workers = Http.getJson(rest + "/resourcemanager/workers").path("workers");
        for (JsonNode tm : tms) {
            String id = tm.path("id").asText();
            assertTrue(nodeOfContainer.containsKey(id), "TaskManager " + id + " is a container of " + appId + ": " + nodeOfContainer);
            assertEquals(nodeOfContainer.get(id), tm.path("node").asText(), tm.toString());
            assertFalse(tm.path("recovered").asBoolean(), tm.toString());
            long requested = tm.path("requestedAt").asLong();
            long allocated = tm.path("allocatedAt").asLong();
            long launched = tm.path("launchedAt").asLong();
            long registered = tm.path("registeredAt").asLong();
            assertTrue(requested > 0 && requested <= allocated && allocated <= launched && launched <= registered,
                    "requested <= allocated <= launched <= registered: " + tm);
            JsonNode worker = null;
            for (JsonNode w : workers) {
                if (id.equals(w.path("id").asText())) {
                    worker = w;
                }
            }
            assertTrue(worker != null, "listed in /resourcemanager/workers: " + workers);
            assertEquals("REGISTERED", worker.path("state").asText(), worker.toString());
            assertEquals(allocated, worker.path("allocatedAt").asLong(), worker.toString());
            assertEquals(launched, worker.path("launchedAt").asLong(), worker.toString());
            assertTrue(worker.path("endedAt").isNull() && worker.path("exitStatus").isNull(), worker.toString());
        }
    }

    @Test
    void attachedSessionShowsTheWebUiThroughTheProxyAndStopsOnStop() throws Exception {
        Path output = tmp.resolve("attached.out");
        Process session = dist.start("yarn-session.sh", List.of("-nm", "attached"), output);
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        String webUi = null;
        while (webUi == null && System.nanoTime() < deadline && session.isAlive()) {
            webUi = java.nio.file.Files.readString(output).lines().filter(l -> l.contains("Web UI: "))
                    .map(l -> l.substring(l.indexOf("Web UI: ") + 8).trim()).findFirst().orElse(null);
            Thread.sleep(200);
        }
        assertTrue(webUi != null, "no web UI address printed: " + java.nio.file.Files.readString(output));
        assertTrue(webUi.startsWith("http://" + cluster.getResourceManagerWebAddress() + "/proxy/application_"), webUi);
        // the REST API answers through the ResourceManager's proxy, as a browser would reach it
        assertEquals(0, Http.getJson(webUi + "overview").path("taskmanagers").asInt());
        String appId = YarnDistribution.APP_ID.matcher(webUi).results().findFirst().orElseThrow().group();

        session.getOutputStream().write("stop\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        session.getOutputStream().flush();
        assertTrue(session.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), java.nio.file.Files.readString(output));
        assertEquals(0, session.exitValue(), java.nio.file.Files.readString(output));
        assertEquals(FinalApplicationStatus.SUCCEEDED, dist.report(appId).getFinalApplicationStatus());
        assertTrue(!dist.stagingDirs().contains(appId), "staging dir removed");
    }

    /** Files of that name in the application's container log dirs (kept: yarn.nodemanager.delete.debug-delay-sec). */
    private static List<Path> containerLogs(String appId, String name) throws Exception {
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(cluster.getBaseDir())) {
            return files.filter(f -> f.getFileName().toString().equals(name)
                    && f.getParent().getParent().getFileName().toString().equals(appId)).toList();
        }
    }
}
