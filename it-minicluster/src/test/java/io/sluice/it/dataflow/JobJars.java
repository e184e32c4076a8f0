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
        return build(jar, bundled, List.of());
    }

    /**
     * As {@link #build(Path, List)}, plus every file of {@code libraries} (jars or class directories,
     * e.g. a connector and its client library), as a shading build would merge them. Manifests,
     * signatures and module descriptors of the libraries are left out.
     */
    public static Path build(Path jar, List<Class<?>> bundled, List<Path> libraries) throws IOException {
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
            java.util.Set<String> added = new java.util.HashSet<>();
            for (Path library : libraries) {
                if (Files.isDirectory(library)) {
                    try (Stream<Path> files = Files.walk(library)) {
                        for (Path p : files.filter(Files::isRegularFile).toList()) {
                            String name = library.relativize(p).toString().replace('\\', '/');
                            if (merged(name) && added.add(name)) {
                                out.putNextEntry(new JarEntry(name));
                                out.write(Files.readAllBytes(p));
                                out.closeEntry();
                            }
                        }
                    }
                } else {
                    try (java.util.jar.JarFile lib = new java.util.jar.JarFile(library.toFile())) {
                        for (JarEntry e : java.util.Collections.list(lib.entries())) {
                            if (!e.isDirectory() && merged(e.getName()) && added.add(e.getName())) {
                                out.putNextEntry(new JarEntry(e.getName()));
                                try (InputStream in = lib.getInputStream(e)) {
                                    in.transferTo(out);
                                }
                                out.closeEntry();
                            }
                        }
                    }
                }
            }
        }
        return jar;
    }

    /** The code source (jar or class directory) that holds {@code c}. */
    public static Path codeSource(Class<?> c) {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().getPath());
    }

    private static boolean merged(String name) {
        String upper = name.toUpperCase(java.util.Locale.ROOT);
        return !upper.equals("META-INF/MANIFEST.MF") && !upper.endsWith(".SF") && !upper.endsWith(".RSA")
                && !upper.endsWith(".DSA") && !name.endsWith("module-info.class");
    }
}
