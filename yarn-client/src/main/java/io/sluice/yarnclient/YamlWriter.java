package io.sluice.yarnclient;

import io.sluice.config.Configuration;
import java.util.Map;
import java.util.TreeMap;

/** Writes a configuration as the flat sluice.yaml that containers load. */
public final class YamlWriter {

    private YamlWriter() {}

    public static String toYaml(Configuration config) {
        StringBuilder out = new StringBuilder("# Written by the Sluice YARN client / ApplicationMaster.\n");
        for (Map.Entry<String, String> e : new TreeMap<>(config.toMap()).entrySet()) {
            out.append(e.getKey()).append(": \"")
                    .append(e.getValue().replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")).append("\"\n");
        }
        return out.toString();
    }
}
