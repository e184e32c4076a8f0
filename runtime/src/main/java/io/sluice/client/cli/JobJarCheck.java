package io.sluice.client.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;

/**
 * Looks into a job jar before it runs, for libraries a fat jar should not bundle because the class path
 * always wins over them (see {@code UserCodeClassLoading}): classes present in both come from the
 * cluster, the rest from the jar, and two versions mixed that way fail in ways hard to trace.
 */
final class JobJarCheck {

    /** A library recognised by one of its classes. */
    private record Shared(String entry, String library, String dependencies) {}

    private static final List<Shared> SHARED = List.of(
            new Shared("io/sluice/api/StreamEnvironment.class", "Sluice's API (sluice-api)", "io.sluice"),
            new Shared("io/sluice/graph/JobGraph.class", "Sluice's engine (sluice-runtime)", "io.sluice"),
            new Shared("org/apache/hadoop/conf/Configuration.class", "Hadoop", "org.apache.hadoop"));

    private JobJarCheck() {}

    /** One warning per shared library the jar bundles; none for a jar that cannot be read (the launch says why). */
    static List<String> warnings(Path jar) {
        List<String> warnings = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (Shared shared : SHARED) {
                if (file.getEntry(shared.entry()) != null) {
                    warnings.add(jar.getFileName() + " bundles " + shared.library() + " (" + shared.entry()
                            + "). The cluster's copy is used for every class both have and the jar's for the rest, "
                            + "so a different version in the jar breaks in odd places: give the " + shared.dependencies()
                            + " dependencies <scope>provided</scope> in the job's build.");
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        return warnings;
    }
}
