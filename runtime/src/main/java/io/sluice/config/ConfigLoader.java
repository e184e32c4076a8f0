package io.sluice.config;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a process's {@link Configuration}: {@code sluice.yaml} from the configuration directory,
 * overlaid with the {@code -D key=value} properties of the command line. Precedence: {@code -D} &gt;
 * file &gt; option default (defaults are not copied in; {@link Configuration#get} applies them).
 *
 * <p>Loading does not check values, so a caller can add its own before {@link #validate}, which parses
 * every known key at start-up: a typo'd value then stops the process at once with a clear message instead
 * of failing a job hours later.
 */
public final class ConfigLoader {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);

    public static final String CONFIG_FILE_NAME = "sluice.yaml";

    /** Keys {@code sluice.hadoop.<key>} are Hadoop settings passed through to the Hadoop configuration. */
    public static final String HADOOP_PASS_THROUGH_PREFIX = "sluice.hadoop.";

    /** Environment variable naming the configuration directory (set by {@code bin/sluice}). */
    public static final String ENV_CONF_DIR = "SLUICE_CONF_DIR";

    /** Where unknown keys are said to come from when the caller does not know better. */
    static final String DEFAULT_SOURCE = CONFIG_FILE_NAME + " or -D properties";

    /** Unknown keys already warned about: processes validate more than once (JobManager, local TaskManagers). */
    private static final Set<String> WARNED_UNKNOWN_KEYS = ConcurrentHashMap.newKeySet();

    private ConfigLoader() {}

    /**
     * Reads {@code confDir/sluice.yaml} and overlays the dynamic properties.
     *
     * @param dynamicProperties {@code -D} properties; they override the file
     * @throws IllegalConfigurationException if the directory does not exist, or the file cannot be read
     *     or is not valid YAML (the message names the file and line)
     */
    public static Configuration loadFromDirectory(Path confDir, Map<String, String> dynamicProperties) {
        if (!Files.isDirectory(confDir)) {
            throw new IllegalConfigurationException("Configuration directory '" + confDir.toAbsolutePath()
                    + "' does not exist or is not a directory; point " + ENV_CONF_DIR
                    + " at the directory that holds " + CONFIG_FILE_NAME);
        }
        Path file = confDir.resolve(CONFIG_FILE_NAME);
        Configuration config = new Configuration();
        if (Files.exists(file)) {
            YamlConfigParser.parse(readFile(file), file.toAbsolutePath().toString()).forEach(config::setString);
            LOG.info("Loaded {} keys from {}", config.keySet().size(), file.toAbsolutePath());
        } else {
            LOG.info("No {} in {}: using defaults and -D properties only", CONFIG_FILE_NAME, confDir.toAbsolutePath());
        }
        dynamicProperties.forEach((key, value) -> config.setString(requireDynamicKey(key, value), value));
        if (!dynamicProperties.isEmpty()) {
            LOG.info("Dynamic properties (override {}): {}", CONFIG_FILE_NAME, Configuration.fromMap(dynamicProperties));
        }
        return config;
    }

    /**
     * Splits one {@code -D} argument {@code key=value} at its first '='; blanks around key and value are
     * dropped. The value may be empty and may itself contain '='.
     *
     * @throws IllegalConfigurationException if there is no '=' or the key is empty
     */
    public static Map.Entry<String, String> parseDynamicProperty(String property) {
        int equals = property == null ? -1 : property.indexOf('=');
        if (equals < 0) {
            throw new IllegalConfigurationException("Invalid dynamic property '" + property
                    + "': expected -D key=value, e.g. -D rest.port=8082");
        }
        String key = property.substring(0, equals).trim();
        if (key.isEmpty()) {
            throw new IllegalConfigurationException("Invalid dynamic property '" + property
                    + "': the key before '=' is empty; expected -D key=value, e.g. -D rest.port=8082");
        }
        return Map.entry(key, property.substring(equals + 1).trim());
    }

    /** Parses several {@code -D} arguments; a later one wins over an earlier one with the same key. */
    public static Map<String, String> parseDynamicProperties(List<String> properties) {
        Map<String, String> parsed = new LinkedHashMap<>();
        for (String property : properties) {
            Map.Entry<String, String> entry = parseDynamicProperty(property);
            parsed.put(entry.getKey(), entry.getValue());
        }
        return parsed;
    }

    /** The directory named by {@code SLUICE_CONF_DIR}, or {@code defaultDir} when it is unset or blank. */
    public static Path confDirFromEnvironment(Path defaultDir) {
        return confDirFromEnvironment(System.getenv(), defaultDir);
    }

    /** As {@link #confDirFromEnvironment(Path)}, reading the given environment (for tests and launchers). */
    public static Path confDirFromEnvironment(Map<String, String> environment, Path defaultDir) {
        String fromEnv = environment.get(ENV_CONF_DIR);
        if (fromEnv == null || fromEnv.isBlank()) {
            return defaultDir;
        }
        return Path.of(fromEnv.trim());
    }

    /**
     * Checks a configuration against the options of {@link ConfigOptionsRegistry#defaultRegistry()}.
     *
     * @return the unknown keys, sorted; each is also logged as a warning, once per process
     * @throws IllegalConfigurationException for the first known key (in key order) with a bad value, or a
     *     violated rule between options
     */
    public static List<String> validate(Configuration config) {
        return validate(config, ConfigOptionsRegistry.defaultRegistry(), DEFAULT_SOURCE);
    }

    /**
     * Parses the value of every key that belongs to a known option (as its key or a fallback key), then
     * runs the providers' cross-option checks. Unknown keys are not an error: they may belong to a module
     * that is not on this process's class path (a YARN option read by a standalone TaskManager).
     *
     * @param source where the values came from, for the warning (e.g. the file path)
     */
    public static List<String> validate(Configuration config, ConfigOptionsRegistry registry, String source) {
        List<String> unknownKeys = new ArrayList<>();
        Map<String, String> snapshot = config.toMap();
        snapshot.forEach((key, raw) -> {
            Optional<ConfigOption<?>> option = registry.find(key);
            if (option.isPresent()) {
                option.get().parseValue(key, raw);
            } else if (key.startsWith(HADOOP_PASS_THROUGH_PREFIX)) {
                // not ours: handed to the Hadoop configuration as it is (YARN deployment)
            } else {
                unknownKeys.add(key);
                warnUnknownKey(key, source);
            }
        });
        registry.validateCrossOptionRules(Configuration.fromMap(snapshot));
        return List.copyOf(unknownKeys);
    }

    /** Logs the warning for an unknown key unless it was logged before; returns whether it logged. */
    static boolean warnUnknownKey(String key, String source) {
        if (!WARNED_UNKNOWN_KEYS.add(key)) {
            return false;
        }
        LOG.warn("Unknown configuration key '{}' in {}: ignored; check the spelling, known keys are listed in "
                + "docs/config.md", key, source);
        return true;
    }

    private static String readFile(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (MalformedInputException e) {
            throw new IllegalConfigurationException("Cannot read " + file.toAbsolutePath()
                    + ": it is not UTF-8 text; save it as UTF-8", e);
        } catch (IOException e) {
            throw new IllegalConfigurationException("Cannot read " + file.toAbsolutePath() + ": " + e
                    + "; check that the file is readable by the user running Sluice", e);
        }
    }

    private static String requireDynamicKey(String key, String value) {
        if (key == null || key.isBlank()) {
            throw new IllegalConfigurationException("Invalid dynamic property '" + key + "=" + value
                    + "': the key is empty; expected -D key=value, e.g. -D rest.port=8082");
        }
        if (value == null) {
            throw new IllegalConfigurationException("Invalid dynamic property '" + key
                    + "': it has no value; expected -D key=value, e.g. -D rest.port=8082");
        }
        return key.trim();
    }
}
