package io.sluice.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobJarCheckTest {

    @TempDir
    Path tmp;

    private Path jar(String name, String... entries) throws Exception {
        Path jar = tmp.resolve(name);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String entry : entries) {
                out.putNextEntry(new JarEntry(entry));
                out.closeEntry();
            }
        }
        return jar;
    }

    @Test
    void aJarWithOnlyItsOwnClassesAndLibrariesIsFine() throws Exception {
        assertEquals(List.of(), JobJarCheck.warnings(jar("job.jar", "com/example/Job.class",
                "io/sluice/examples/WordCount.class", "com/google/common/base/Strings.class")));
    }

    @Test
    void aFatJarWithSluiceAndHadoopGetsOneWarningEachNamingWhatToChange() throws Exception {
        List<String> warnings = JobJarCheck.warnings(jar("fat.jar", "com/example/Job.class",
                "io/sluice/api/StreamEnvironment.class", "io/sluice/graph/JobGraph.class",
                "org/apache/hadoop/conf/Configuration.class"));
        assertEquals(3, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("fat.jar bundles Sluice's API (sluice-api)"), warnings.get(0));
        assertTrue(warnings.get(0).contains("io.sluice dependencies <scope>provided</scope>"), warnings.get(0));
        assertTrue(warnings.get(1).startsWith("fat.jar bundles Sluice's engine (sluice-runtime)"), warnings.get(1));
        assertTrue(warnings.get(2).startsWith("fat.jar bundles Hadoop"), warnings.get(2));
    }

    @Test
    void aJarThatBundlesOnlyTheEngineIsWarnedAboutToo() throws Exception {
        List<String> warnings = JobJarCheck.warnings(jar("engine.jar", "com/example/Job.class",
                "io/sluice/graph/JobGraph.class"));
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("sluice-runtime"), warnings.get(0));
    }

    @Test
    void anUnreadableJarIsLeftToTheLaunchToReport() throws Exception {
        Path notAJar = Files.writeString(tmp.resolve("job.jar"), "not a zip");
        assertEquals(List.of(), JobJarCheck.warnings(notAJar));
    }
}
