package io.sluice.it.dataflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.it.standalone.Distribution;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution's example jars are built the way a user's job should be: against the API with
 * {@code provided} scope, so they carry their own classes and nothing of Sluice's API or engine.
 */
class ExampleJarsTest {

    @TempDir
    Path tmp;

    @Test
    void everyExampleJarHoldsOnlyTheExamplesOwnSluiceClasses() throws Exception {
        Path examples = new Distribution(tmp).home.resolve("examples");
        List<Path> jars;
        try (Stream<Path> files = Files.list(examples)) {
            jars = files.filter(f -> f.toString().endsWith(".jar")).sorted().toList();
        }
        assertTrue(jars.size() >= 4, "expected the example jars in " + examples + ", found " + jars);
        for (Path jar : jars) {
            List<String> foreign = new ArrayList<>();
            int own = 0;
            try (JarFile file = new JarFile(jar.toFile())) {
                for (String entry : Collections.list(file.entries()).stream().map(e -> e.getName()).toList()) {
                    if (entry.startsWith("io/sluice/examples/") && entry.endsWith(".class")) {
                        own++;
                    } else if (entry.endsWith(".class")) {
                        foreign.add(entry);
                    }
                }
            }
            assertEquals(List.of(), foreign, jar.getFileName() + " bundles classes that are not the examples' own");
            assertTrue(own > 0, jar.getFileName() + " holds no example classes");
        }
    }
}
