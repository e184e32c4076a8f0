package io.sluice.rpc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Builds small jars for class loader tests: Java sources compiled with the JDK's compiler, plus text resources. */
final class TestJars {

    private TestJars() {}

    /**
     * A jar at {@code jar} with the compiled {@code sources} (class name to source text, compiled against
     * rpc-core's classes) and the text {@code resources} (path to content).
     */
    static Path jar(Path jar, Map<String, String> sources, Map<String, String> resources) throws Exception {
        Path work = Files.createTempDirectory(jar.getParent(), "src");
        List<String> args = new ArrayList<>(List.of("-d", work.toString(), "-classpath",
                Path.of(RpcSystem.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString()));
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = work.resolve(source.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            args.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (!sources.isEmpty() && javac.run(null, null, null, args.toArray(String[]::new)) != 0) {
            throw new IllegalStateException("test sources did not compile: " + args);
        }
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(work)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                put(out, work.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
            }
            for (Map.Entry<String, String> r : resources.entrySet()) {
                put(out, r.getKey(), r.getValue().getBytes(StandardCharsets.UTF_8));
            }
        }
        return jar;
    }

    private static void put(JarOutputStream out, String name, byte[] bytes) throws IOException {
        out.putNextEntry(new JarEntry(name));
        out.write(bytes);
        out.closeEntry();
    }

    /** Source of {@code org.example.<simpleName>} whose toString() answers {@code answer}. */
    static String probe(String simpleName, String answer) {
        return "package org.example; public class " + simpleName + " { public String toString() { return \""
                + answer + "\"; } }";
    }
}
