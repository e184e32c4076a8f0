package io.sluice.entrypoint;

import io.sluice.config.ConfigLoader;
import io.sluice.config.Configuration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Arguments of the process entry points: {@code [--configDir <dir>] [-D key=value | -Dkey=value]...}.
 * Without --configDir, SLUICE_CONF_DIR is used; without either, only defaults and -D apply.
 */
public record EntrypointArguments(Path configDir, List<String> dynamicProperties) {

    public static EntrypointArguments parse(String[] args) {
        Path configDir = null;
        List<String> dynamic = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--configDir") && i + 1 < args.length) {
                configDir = Path.of(args[++i]);
            } else if (a.equals("-D") && i + 1 < args.length) {
                dynamic.add(args[++i]);
            } else if (a.startsWith("-D") && a.length() > 2) {
                dynamic.add(a.substring(2));
            } else {
                throw new IllegalArgumentException("unknown argument '" + a
                        + "': expected --configDir <dir> or -D key=value");
            }
        }
        if (configDir == null) {
            configDir = ConfigLoader.confDirFromEnvironment(null);
        }
        return new EntrypointArguments(configDir, List.copyOf(dynamic));
    }

    /** Loads and validates the configuration; a bad value fails here, naming key, value and what is allowed. */
    public Configuration loadConfiguration() {
        var dynamic = ConfigLoader.parseDynamicProperties(dynamicProperties);
        Configuration config;
        if (configDir == null) {
            config = Configuration.fromMap(dynamic);
        } else {
            config = ConfigLoader.loadFromDirectory(configDir, dynamic);
        }
        ConfigLoader.validate(config);
        return config;
    }
}
