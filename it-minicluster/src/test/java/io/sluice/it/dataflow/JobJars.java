package io.sluice.it.dataflow;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/** Builds the jar of the test jobs ({@code io.sluice.it.dataflow.jobs}), as a user's build would. */
public final class JobJars {

    private JobJars() {}

    /**
     * The test jobs in {@code jar}, plus the class files of {@code bundled} (as a job's fat jar bundles
     * its libraries).
     */
    public static Path build(Path jar, List<Class<?>> bundled) throws IOException {
        Path classes = Path.of(JobJars.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        Path jobs = classes.resolve("io/sluice/it/dataflow/jobs");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
             Stream<Path> walk = Files.walk(jobs)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(p));
                out.closeEntry();
            }
            for (Class<?> c : bundled) {
                String name = c.getName().replace('.', '/') + ".class";
                try (InputStream in = c.getClassLoader().getResourceAsStream(name)) {
                    out.putNextEntry(new JarEntry(name));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        }
        return jar;
    }
}
