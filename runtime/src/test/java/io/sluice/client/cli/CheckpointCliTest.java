package io.sluice.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.api.JobClient;
import io.sluice.api.StreamEnvironment;
import io.sluice.client.MultiTaskManagerCluster;
import io.sluice.config.CheckpointingOptions;
import io.sluice.config.Configuration;
import io.sluice.api.common.JobId;
import io.sluice.rest.RestClient;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice run -s/-n} and {@code sluice checkpoint}, against a cluster in this JVM where one is needed. */
@Timeout(120)
class CheckpointCliTest {

    static MultiTaskManagerCluster cluster;
    static RestClient rest;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** The program of the job jar: a short job, named so the test can look for it on the cluster. */
    public static final class ShortProgram {
        public static void main(String[] args) throws Exception {
            StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
            env.fromSequence(1, 10).uid("sequence").discard();
            env.execute("cli restore " + args[0]);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        cluster = new MultiTaskManagerCluster(new Configuration(), 2, 2);
        rest = new RestClient("http://127.0.0.1:" + cluster.restPort(), Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @AfterEach
    void reset() {
        StreamEnvironment.resetContext();
    }

    private int cli(String... args) {
        return new SluiceCli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(args);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void runParsesFromSavepointAndAllowNonRestoredStateIntoTheJobSettings() {
        RunOptions options = RunOptions.parse(List.of("-s", "hdfs:///ckpt/job/chk-7", "--allowNonRestoredState", "job.jar", "x"));
        assertEquals("hdfs:///ckpt/job/chk-7", options.restorePath());
        assertEquals(Map.of(CheckpointingOptions.RESTORE_PATH.key(), "hdfs:///ckpt/job/chk-7",
                CheckpointingOptions.IGNORE_UNCLAIMED_STATE.key(), "true"), options.jobSettings());
        assertEquals(List.of("x"), options.programArgs());
        RunOptions withoutN = RunOptions.parse(List.of("--fromSavepoint", "/c/chk-1", "job.jar"));
        assertEquals(Map.of(CheckpointingOptions.RESTORE_PATH.key(), "/c/chk-1"), withoutN.jobSettings());
        assertEquals(Map.of(), RunOptions.parse(List.of("job.jar")).jobSettings());
        CliException alone = assertThrows(CliException.class, () -> RunOptions.parse(List.of("-n", "job.jar")));
        assertTrue(alone.getMessage().contains("only applies with -s"), alone.getMessage());
    }

    @Test
    void aMissingOrCorruptCheckpointStopsALocalRunBeforeAnythingStarts() throws Exception {
        Path missing = dir.resolve("gone/chk-3");
        assertEquals(2, cli("run", "-t", "local", "-s", missing.toString(), "no-such.jar"));
        assertEquals("Error: cannot start from checkpoint '" + missing + "' (-s): no checkpoint at " + missing
                + ": the path does not exist. Give the chk-<n> directory of a retained checkpoint, or its _metadata file.",
                err().strip());

        err.reset();
        Path corrupt = Files.createDirectories(dir.resolve("chk-5"));
        Files.writeString(corrupt.resolve("_metadata"), "garbage");
        assertEquals(2, cli("run", "-t", "local", "-s", corrupt.resolve("_metadata").toString(), "no-such.jar"));
        assertTrue(err().contains("not Sluice checkpoint metadata (wrong magic number)"), err());
        assertEquals(1, err().strip().lines().count(), "one message: " + err());
    }

    @Test
    void aRunningClusterRefusesAJobWithAMissingOrCorruptCheckpointAndRunsNothing() throws Exception {
        Path jar = programJar();
        Path missing = dir.resolve("gone/chk-3");
        assertEquals(2, cli("run", "-m", "127.0.0.1:" + cluster.restPort(), "-s", missing.toString(), jar.toString(), "missing"));
        assertTrue(err().contains("Error: could not submit the job: JobManager answered 400: job "), err());
        assertTrue(err().contains("cannot start from checkpoint '" + missing + "' (execution.savepoint.path, set by "
                + "'sluice run -s'): no checkpoint at " + missing + ": the path does not exist"), err());

        err.reset();
        Path corrupt = Files.createDirectories(dir.resolve("chk-5"));
        Files.write(corrupt.resolve("_metadata"), new byte[] {0, 1, 2});
        assertEquals(2, cli("run", "-m", "127.0.0.1:" + cluster.restPort(), "-s", corrupt.toString(), "-n", jar.toString(),
                "corrupt"));
        assertTrue(err().contains("empty or truncated checkpoint metadata"), err());

        for (JsonNode job : rest.getJson("/jobs/overview").path("jobs")) {
            assertFalse(job.path("name").asText().startsWith("cli restore"), "no job is left: " + job);
        }
    }

    @Test
    void checkpointTakesOneOfARunningJobAndPrintsItsId() throws Exception {
        StreamEnvironment.initializeContext(cluster, 2);
        StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(100);
        env.fromSequence(1, 100_000_000L, 1_000).discard();
        JobClient job = env.executeAsync("checkpointed by the CLI");
        StreamEnvironment.resetContext();
        try {
            awaitRunning(job.jobId());
            assertEquals(0, cli("checkpoint", "-m", "127.0.0.1:" + cluster.restPort(), job.jobId().toHexString()), err());
            long id = Long.parseLong(out.toString(StandardCharsets.UTF_8).strip());
            assertTrue(err().contains("Checkpoint " + id + " of job " + job.jobId() + " completed."), err());
            assertEquals("COMPLETED", rest.getJson("/jobs/" + job.jobId() + "/checkpoints/details/" + id).path("status").asText());
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
        err.reset();
        JobId unknown = JobId.generate();
        assertEquals(2, cli("checkpoint", "-m", "127.0.0.1:" + cluster.restPort(), unknown.toHexString()));
        assertTrue(err().contains("404") && err().contains("Job " + unknown + " not found"), err());
        err.reset();
        assertEquals(2, cli("checkpoint", "-m", "127.0.0.1:" + cluster.restPort()));
        assertTrue(err().contains("usage: sluice checkpoint"), err());
    }

    /** A job may only be checkpointed once all its tasks run; the CLI says so (409) otherwise. */
    private void awaitRunning(JobId id) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (rest.getJson("/jobs/" + id + "/checkpoints").path("counts").path("completed").asLong() >= 1) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("job " + id + " took no checkpoint");
    }

    /** A jar holding {@link ShortProgram} as its Main-Class. */
    private Path programJar() throws Exception {
        Path jar = dir.resolve("program.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, ShortProgram.class.getName());
        String entry = ShortProgram.class.getName().replace('.', '/') + ".class";
        try (JarOutputStream jarOut = new JarOutputStream(Files.newOutputStream(jar), manifest);
             InputStream in = ShortProgram.class.getClassLoader().getResourceAsStream(entry)) {
            jarOut.putNextEntry(new JarEntry(entry));
            in.transferTo(jarOut);
            jarOut.closeEntry();
        }
        return jar;
    }
}
