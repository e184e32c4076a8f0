package io.sluice.usercode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.sluice.config.ClassLoaderOptions;
import io.sluice.config.Configuration;
import io.sluice.config.IllegalConfigurationException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job jar that bundles copies of classes the class path has too: a library (SnakeYAML, as a job
 * would bundle its own Guava or Jackson), Sluice's API and Hadoop.
 */
class UserCodeClassLoadingTest {

    private static final String LIBRARY = "org.yaml.snakeyaml.Yaml";
    private static final String SLUICE_API = "io.sluice.api.StreamEnvironment";
    private static final String HADOOP = "org.apache.hadoop.conf.Configuration";
    /** A class (an enum: nothing to link but the JDK) that a parent without Sluice lacks. */
    private static final String OWN_SLUICE_NAMED = "io.sluice.config.ClassLoaderOptions$ResolveOrder";

    @TempDir
    Path tmp;
    URL[] jobJar;

    @BeforeEach
    void bundle() throws Exception {
        Path jar = tmp.resolve("job.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String resource : List.of("core-default.xml", "job.properties")) {
                out.putNextEntry(new JarEntry(resource));
                out.write("bundled".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                out.closeEntry();
            }
            for (String name : List.of(LIBRARY, SLUICE_API, HADOOP, OWN_SLUICE_NAMED)) {
                String file = name.replace('.', '/') + ".class";
                try (InputStream in = getClass().getClassLoader().getResourceAsStream(file)) {
                    out.putNextEntry(new JarEntry(file));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        }
        jobJar = new URL[] {jar.toUri().toURL()};
    }

    private URLClassLoader loader(Configuration config) {
        return UserCodeClassLoading.from(config).create("job", jobJar, getClass().getClassLoader());
    }

    @Test
    void byDefaultTheJobsOwnLibraryWinsButSluiceAndHadoopAreShared() throws Exception {
        try (URLClassLoader job = loader(new Configuration())) {
            assertSame(job, job.loadClass(LIBRARY).getClassLoader(), "the job's bundled copy");
            assertSame(io.sluice.api.StreamEnvironment.class, job.loadClass(SLUICE_API));
            assertSame(org.apache.hadoop.conf.Configuration.class, job.loadClass(HADOOP));
            assertSame(String.class, job.loadClass("java.lang.String"));
        }
    }

    @Test
    void aJobsOwnClassInAPackageNamedLikeSluicesIsFoundInItsJar() throws Exception {
        // the example jobs live in io.sluice.examples: parent-first, but only the job's jar has them
        try (URLClassLoader job = UserCodeClassLoading.defaults().create("job", jobJar,
                ClassLoader.getPlatformClassLoader())) {
            assertSame(job, job.loadClass(OWN_SLUICE_NAMED).getClassLoader());
        }
    }

    @Test
    void hadoopsConfigurationFilesComeFromTheClassPathTheJobsOwnResourcesFromItsJar() throws Exception {
        try (URLClassLoader job = loader(new Configuration())) {
            assertEquals(getClass().getClassLoader().getResource("core-default.xml"), job.getResource("core-default.xml"),
                    "a fat jar's Hadoop defaults never replace the cluster's");
            assertEquals("jar", job.getResource("job.properties").getProtocol());
            assertEquals(2, java.util.Collections.list(job.getResources("core-default.xml")).size());
        }
    }

    @Test
    void parentFirstTakesTheClassPathsCopy() throws Exception {
        Configuration config = new Configuration();
        config.setString(ClassLoaderOptions.RESOLVE_ORDER.key(), "parent-first");
        try (URLClassLoader job = loader(config)) {
            assertSame(org.yaml.snakeyaml.Yaml.class, job.loadClass(LIBRARY));
        }
    }

    @Test
    void additionalParentFirstPatternsAreSharedToo() throws Exception {
        Configuration config = new Configuration();
        config.setString(ClassLoaderOptions.PARENT_FIRST_PATTERNS_ADDITIONAL.key(), "com.example.;org.yaml.");
        try (URLClassLoader job = loader(config)) {
            assertSame(org.yaml.snakeyaml.Yaml.class, job.loadClass(LIBRARY));
        }
    }

    @Test
    void anUnknownResolveOrderNamesTheKeyAndTheChoices() {
        Configuration config = new Configuration();
        config.setString(ClassLoaderOptions.RESOLVE_ORDER.key(), "child-last");
        IllegalConfigurationException e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalConfigurationException.class, () -> UserCodeClassLoading.from(config));
        assertEquals(true, e.getMessage().contains("classloader.resolve-order")
                && e.getMessage().contains("child-first") && e.getMessage().contains("parent-first"), e.getMessage());
    }
}
