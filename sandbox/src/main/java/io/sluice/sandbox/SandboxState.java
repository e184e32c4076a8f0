package io.sluice.sandbox;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The files through which the sandbox JVM tells {@code bin/sandbox} how it is doing: {@code
 * sandbox.state} (written once everything serves: addresses, pid) or {@code sandbox.failed} (why it
 * could not start). Both are written atomically, so a reader never sees half a file; the script only
 * reads {@code key=value} lines.
 */
final class SandboxState {

    static final String READY_FILE = "sandbox.state";
    static final String FAILED_FILE = "sandbox.failed";

    private SandboxState() {}

    static void writeReady(Path sandboxDir, Map<String, String> values) throws IOException {
        StringBuilder text = new StringBuilder("# written by the sandbox JVM once ZooKeeper, HDFS and YARN serve\n");
        values.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        writeAtomically(sandboxDir.resolve(READY_FILE), text.toString());
    }

    static void writeFailed(Path sandboxDir, String message) throws IOException {
        writeAtomically(sandboxDir.resolve(FAILED_FILE), message.replace('\n', ' ') + "\n");
    }

    static Map<String, String> read(Path sandboxDir) throws IOException {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(sandboxDir.resolve(READY_FILE), StandardCharsets.UTF_8)) {
            props.load(reader);
        }
        Map<String, String> values = new LinkedHashMap<>();
        props.stringPropertyNames().forEach(key -> values.put(key, props.getProperty(key)));
        return values;
    }

    static void clear(Path sandboxDir) throws IOException {
        Files.deleteIfExists(sandboxDir.resolve(READY_FILE));
        Files.deleteIfExists(sandboxDir.resolve(FAILED_FILE));
    }

    static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer writer = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            writer.write(text);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
