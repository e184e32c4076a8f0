package io.sluice.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes the Sluice conf dir of the sandbox ({@code SLUICE_CONF_DIR}): the distribution's conf files
 * (logging configs and whatever else is there) copied as they are, and its {@code sluice.yaml} with the
 * sandbox's ZooKeeper HA and HDFS storage settings put in place of any values it had for those keys.
 */
final class SluiceConfDir {

    private static final Pattern TOP_LEVEL_KEY = Pattern.compile("^([A-Za-z0-9][A-Za-z0-9._-]*)\\s*:");

    private SluiceConfDir() {}

    /** The settings the sandbox adds to sluice.yaml, in file order. */
    static Map<String, String> sandboxSettings(String zooKeeperQuorum, String defaultFs) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("high-availability.type", "zookeeper");
        settings.put("high-availability.zookeeper.quorum", zooKeeperQuorum);
        settings.put("high-availability.storageDir", defaultFs + "/sluice/ha");
        return settings;
    }

    static void write(Path distConfDir, Path target, Map<String, String> settings) throws IOException {
        Files.createDirectories(target);
        String baseYaml = "";
        if (distConfDir != null && Files.isDirectory(distConfDir)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(distConfDir)) {
                for (Path file : files) {
                    if (Files.isRegularFile(file) && !file.getFileName().toString().equals("sluice.yaml")) {
                        Files.copy(file, target.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            Path yaml = distConfDir.resolve("sluice.yaml");
            if (Files.isRegularFile(yaml)) {
                baseYaml = Files.readString(yaml, StandardCharsets.UTF_8);
            }
        }
        SandboxState.writeAtomically(target.resolve("sluice.yaml"), merge(baseYaml, settings));
    }

    /** The base file without its top-level lines for the given keys, then the sandbox section. */
    static String merge(String baseYaml, Map<String, String> settings) {
        List<String> kept = new ArrayList<>();
        for (String line : baseYaml.split("\n", -1)) {
            Matcher key = TOP_LEVEL_KEY.matcher(line);
            if (key.find() && settings.containsKey(key.group(1))) {
                kept.add("# (set by the sandbox below) " + line);
            } else {
                kept.add(line);
            }
        }
        StringBuilder out = new StringBuilder(String.join("\n", kept).stripTrailing()).append("\n\n");
        out.append("# ---- Sandbox (written by bin/sandbox start; regenerated on every start) ----\n");
        out.append("# JobManager leader election and job recovery through the sandbox's ZooKeeper; job graphs,\n");
        out.append("# checkpoints and savepoints on the sandbox's HDFS.\n");
        settings.forEach((key, value) -> out.append(key).append(": ").append(value).append('\n'));
        return out.toString();
    }
}
