package io.sluice.yarnclient;

import io.sluice.config.Configuration;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The per-user file in which yarn-session.sh records the running session, so that
 * {@code sluice run} without a target submits to it. A record of an application that has ended
 * is ignored (and the user told so) rather than followed.
 */
public final class YarnPropertiesFile {

    private static final String KEY = "applicationID";

    private YarnPropertiesFile() {}

    public static Path location(Configuration config) {
        String dir = config.getOptional(YarnOptions.PROPERTIES_FILE_DIR).orElse(System.getProperty("java.io.tmpdir"));
        return Path.of(dir, ".yarn-properties-" + System.getProperty("user.name"));
    }

    /** The recorded application id, or null. */
    public static String read(Configuration config) {
        Path file = location(config);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        } catch (IOException e) {
            return null;
        }
        String id = p.getProperty(KEY);
        return id == null || id.isBlank() ? null : id.trim();
    }

    public static void write(Configuration config, String applicationId) throws IOException {
        Path file = location(config);
        Files.createDirectories(file.getParent());
        Properties p = new Properties();
        p.setProperty(KEY, applicationId);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer out = Files.newBufferedWriter(tmp)) {
            p.store(out, "The YARN session started by yarn-session.sh; bin/sluice run uses it when no target is given");
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** Removes the file if it records {@code applicationId}. */
    public static void clear(Configuration config, String applicationId) {
        if (applicationId.equals(read(config))) {
            try {
                Files.deleteIfExists(location(config));
            } catch (IOException e) {
                // a stale record is ignored later anyway
            }
        }
    }
}
