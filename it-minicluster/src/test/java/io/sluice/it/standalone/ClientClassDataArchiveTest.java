package io.sluice.it.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client command's JVM writes a class-data archive when it first exits, and the next run of the same
 * command maps its classes from it (bin/client-jvm.sh), without changing what the command prints or
 * its exit code.
 */
class ClientClassDataArchiveTest {

    @Test
    void secondRunMapsTheClassesTheFirstRunArchived(@TempDir Path tmp) throws Exception {
        Distribution dist = new Distribution(tmp);
        // a client command that needs no cluster: the JobManager it names is not there
        List<String> command = List.of("list", "-m", "localhost:" + Distribution.freePort());
        Duration timeout = Duration.ofMinutes(1);

        Distribution.Result plain = dist.run(command, Map.of("SLUICE_CLIENT_CDS", "off"), timeout);
        assertEquals(2, plain.exitCode(), plain.stderr());
        assertEquals(List.of(), archives(dist), "SLUICE_CLIENT_CDS=off writes no archive");

        Distribution.Result first = dist.run(command, timeout);
        assertEquals(plain.exitCode(), first.exitCode(), first.stderr());
        assertEquals(plain.stdout(), first.stdout());
        assertEquals(plain.stderr(), first.stderr(), "no CDS messages on the console");
        List<String> written = archives(dist);
        assertEquals(2, written.size(), written.toString());
        assertTrue(written.get(0).matches("client-\\d+\\.jsa\\.\\d+"), "written at exit under the JVM's pid: " + written);
        assertTrue(written.get(1).matches("client-\\d+\\.jsa\\.attempt\\.\\d+"), "and the attempt noted: " + written);

        Path classLog = tmp.resolve("classes.log");
        Distribution.Result second = dist.run(command,
                Map.of("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + classLog), timeout);
        assertEquals(plain.exitCode(), second.exitCode(), second.stderr());
        assertEquals(plain.stdout(), second.stdout());
        List<String> adopted = archives(dist);
        assertEquals(1, adopted.size(), adopted.toString());
        assertTrue(adopted.get(0).matches("client-\\d+\\.jsa"), "adopted under its final name: " + adopted);
        String loaded = Files.readString(classLog);
        assertTrue(loaded.contains("io.sluice.client.cli.SluiceCli source: shared objects file (top)"),
                "the CLI's classes come from the archive");
        assertFalse(loaded.contains("io.sluice.client.cli.SluiceCli source: file:"), "not from the jar");
    }

    @Test
    void anArchiveThatWasNotWrittenWholeIsNeitherUsedNorTriedAgain(@TempDir Path tmp) throws Exception {
        Distribution dist = new Distribution(tmp);
        List<String> command = List.of("list", "-m", "localhost:" + Distribution.freePort());
        Duration timeout = Duration.ofMinutes(1);
        Distribution.Result first = dist.run(command, timeout);
        String written = archives(dist).get(0);
        // as a full disk or a kill during the write at exit leaves it
        Files.write(dist.classDataArchiveDir().resolve(written), new byte[0]);

        Distribution.Result second = dist.run(command, timeout);
        assertEquals(first.exitCode(), second.exitCode(), second.stderr());
        assertEquals(first.stdout(), second.stdout());
        String key = written.substring(0, written.indexOf(".jsa"));
        assertEquals(List.of(key + ".jsa.failed"), archives(dist), "not adopted, and marked");

        Distribution.Result third = dist.run(command, timeout);
        assertEquals(first.exitCode(), third.exitCode(), third.stderr());
        assertEquals(List.of(key + ".jsa.failed"), archives(dist), "no new attempt for this command");
    }

    private static List<String> archives(Distribution dist) throws Exception {
        if (!Files.isDirectory(dist.classDataArchiveDir())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dist.classDataArchiveDir())) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
