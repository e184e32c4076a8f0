package io.sluice.it.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ./quickstart.sh} as far as it goes without the YARN deployment: run twice (the second run
 * reuses the sandbox and replaces the input), the sample text lands in HDFS unchanged. The build step
 * is skipped ({@code --no-build}): the reactor has just built the distribution.
 */
class QuickstartScriptTest {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static SandboxScript sandbox;
    private static Path work;

    @BeforeAll
    static void prepare() throws Exception {
        work = Path.of("target", "it-quickstart").toAbsolutePath();
        org.apache.hadoop.fs.FileUtil.fullyDelete(work.toFile());
        Files.createDirectories(work);
        sandbox = new SandboxScript(work.resolve("sandbox"), work);
    }

    @AfterAll
    static void stop() throws Exception {
        if (sandbox != null) {
            sandbox.forceStop();
        }
    }

    @Test
    void quickstartPutsTheSampleIntoHdfsAndCanRunAgain() throws Exception {
        String first = quickstart();
        assertTrue(first.contains("Sandbox running"), first);
        assertTrue(first.contains("Putting the sample text into HDFS"), first);
        assertTrue(first.contains("YARN ResourceManager UI   " + sandbox.state("rm.web").orElseThrow()), first);
        String pid = sandbox.state("pid").orElseThrow();

        String second = quickstart();
        assertTrue(second.contains("already running (pid " + pid + ")"), second);

        SandboxScript.Result cat = sandbox.run(Duration.ofMinutes(2), "hdfs", "dfs", "-cat", "quickstart/input.txt");
        assertEquals(0, cat.exitCode(), cat.all());
        assertEquals(Files.readString(sandbox.home.resolve("examples/data/river.txt")), cat.stdout());
    }

    /** Runs ./quickstart.sh --no-build; returns stdout + stderr after asserting exit code 0. */
    private static String quickstart() throws Exception {
        Path out = Files.createTempFile(work, "quickstart", ".out");
        ProcessBuilder pb = new ProcessBuilder(REPO.resolve("quickstart.sh").toString(), "--no-build")
                .directory(REPO.toFile())
                .redirectErrorStream(true)
                .redirectOutput(out.toFile());
        pb.environment().put("SLUICE_SANDBOX_DIR", sandbox.sandboxDir.toString());
        pb.environment().remove("HADOOP_CONF_DIR");
        pb.environment().remove("SLUICE_CONF_DIR");
        Process process = pb.start();
        if (!process.waitFor(8, TimeUnit.MINUTES)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("quickstart.sh did not finish within 8 minutes:\n" + Files.readString(out));
        }
        String output = Files.readString(out);
        assertEquals(0, process.exitValue(), output);
        return output;
    }
}
