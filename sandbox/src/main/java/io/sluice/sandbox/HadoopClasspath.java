package io.sluice.sandbox;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The Hadoop classes that YARN containers of the embedded cluster get through
 * {@code yarn.application.classpath}, as a real cluster's {@code hadoop classpath} would give them.
 *
 * <p>They are the entries of this JVM's classpath that belong to the Hadoop install this module
 * emulates: the artifacts listed at build time in {@code hadoop-artifacts.txt} (hadoop-minicluster's
 * runtime closure, minus test jars, JUnit and Log4j 2). Everything else on the classpath (Sluice's own
 * jars, Akka, Kryo, a test harness's libraries) stays out, so a container sees only what Sluice ships
 * to it plus Hadoop, exactly as on a production cluster.
 */
final class HadoopClasspath {

    private static final String ARTIFACT_LIST = "hadoop-artifacts.txt";

    private HadoopClasspath() {}

    /** The Hadoop entries of this JVM's classpath, in classpath order. */
    static List<String> ofThisJvm() {
        // Surefire forks with a manifest-only jar; it reports the real test classpath here.
        String classpath = System.getProperty("surefire.test.class.path");
        if (classpath == null || classpath.isBlank()) {
            classpath = System.getProperty("java.class.path", "");
        }
        return select(expand(classpath), hadoopArtifactIds());
    }

    /** Keeps the jars whose file name is {@code <artifactId>-<version>...jar} for a listed artifactId. */
    static List<String> select(List<String> entries, Set<String> artifactIds) {
        List<String> selected = new ArrayList<>();
        for (String entry : entries) {
            String name = new File(entry).getName();
            // test jars (MiniDFSCluster, MiniYARNCluster) are not part of a Hadoop install
            if (name.endsWith(".jar") && !name.endsWith("-tests.jar") && artifactIdOf(name, artifactIds) != null) {
                selected.add(new File(entry).getAbsolutePath());
            }
        }
        return selected;
    }

    /**
     * The longest listed artifactId that the file name starts with, followed by '-' and a digit (the
     * version), or null; so {@code jetty-util-ajax-9.4.jar} is not taken for {@code jetty-util}.
     */
    private static String artifactIdOf(String fileName, Set<String> artifactIds) {
        String best = null;
        for (int i = fileName.indexOf('-'); i > 0; i = fileName.indexOf('-', i + 1)) {
            if (i + 1 < fileName.length() && Character.isDigit(fileName.charAt(i + 1))) {
                String candidate = fileName.substring(0, i);
                if (artifactIds.contains(candidate)) {
                    best = candidate;
                }
            }
        }
        return best;
    }

    /** Classpath entries with {@code dir/*} wildcards expanded to the jars in dir. */
    private static List<String> expand(String classpath) {
        Set<String> entries = new LinkedHashSet<>();
        for (String entry : classpath.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            if (entry.endsWith("*")) {
                File[] jars = new File(entry.substring(0, entry.length() - 1))
                        .listFiles((dir, name) -> name.endsWith(".jar") || name.endsWith(".JAR"));
                if (jars != null) {
                    Arrays.sort(jars);
                    for (File jar : jars) {
                        entries.add(jar.getPath());
                    }
                }
            } else {
                entries.add(entry);
            }
        }
        return new ArrayList<>(entries);
    }

    /** artifactIds from the dependency:list output written at build time (test jars skipped). */
    static Set<String> hadoopArtifactIds() {
        Set<String> ids = new HashSet<>();
        try (InputStream in = HadoopClasspath.class.getResourceAsStream(ARTIFACT_LIST)) {
            if (in == null) {
                throw new IllegalStateException(ARTIFACT_LIST + " is missing from the sluice-sandbox jar: rebuild it with Maven");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = reader.readLine()) != null; ) {
                String[] coordinates = line.trim().split("\\s+")[0].split(":");
                // groupId:artifactId:type[:classifier]:version:scope
                if (coordinates.length >= 5 && !coordinates[2].equals("test-jar")
                        && !coordinates[1].equals("hadoop-minicluster")) {
                    ids.add(coordinates[1]);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + ARTIFACT_LIST, e);
        }
        return ids;
    }
}
