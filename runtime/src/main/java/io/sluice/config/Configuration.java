package io.sluice.config;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A mutable map of configuration keys to raw string values, read through typed {@link ConfigOption}s.
 *
 * <p>Values are kept as the text a user would write ({@code "10 s"}, {@code "fixed-delay"}), also when
 * set through {@link #set(ConfigOption, Object)}; they are parsed on every read. So the map can be
 * shipped to other processes as strings (job configuration, YARN container environment) and
 * {@link #toMap()} shows exactly what a file would contain.
 *
 * <p><b>Thread safety.</b> One instance is shared by the endpoints of a process, so it is backed by a
 * {@link ConcurrentHashMap}: any number of threads may read concurrently, also while another thread
 * writes, and every single read or write is atomic and visible to later reads. Sequences of calls
 * (check then set, {@link #addAll}) are not atomic. Populate a configuration at start-up and treat it as
 * read-only once shared; a component that needs different values works on a {@link #copy()}.
 */
public final class Configuration {

    private static final Logger LOG = LoggerFactory.getLogger(Configuration.class);

    /** Deprecated keys already reported, so a hot read path logs each at most once per process. */
    private static final Set<String> REPORTED_DEPRECATED_KEYS = ConcurrentHashMap.newKeySet();

    private static final String[] SENSITIVE_KEY_PARTS = {"password", "secret", "token", "credential"};

    private final ConcurrentHashMap<String, String> values;

    public Configuration() {
        this.values = new ConcurrentHashMap<>();
    }

    private Configuration(Map<String, String> values) {
        this.values = new ConcurrentHashMap<>(values);
    }

    /** A configuration holding the given raw values (for example a job's configuration). */
    public static Configuration fromMap(Map<String, String> rawValues) {
        Configuration config = new Configuration();
        rawValues.forEach(config::setString);
        return config;
    }

    /**
     * The option's value: from its key, else from its fallback keys in order, else its default (null when
     * it has none).
     *
     * @throws IllegalConfigurationException if the value found is not valid; the first key that is set
     *     decides, a bad value never silently falls through to a fallback or the default
     */
    public <T> T get(ConfigOption<T> option) {
        return getOptional(option).orElse(option.defaultValue());
    }

    /** The option's value if its key or a fallback key is set; the default is not consulted. */
    public <T> Optional<T> getOptional(ConfigOption<T> option) {
        String raw = values.get(option.key());
        if (raw != null) {
            return Optional.of(option.parseValue(option.key(), raw));
        }
        for (String fallbackKey : option.fallbackKeys()) {
            raw = values.get(fallbackKey);
            if (raw != null) {
                if (REPORTED_DEPRECATED_KEYS.add(fallbackKey)) {
                    LOG.warn("Configuration key '{}' is deprecated: use '{}' instead", fallbackKey, option.key());
                }
                return Optional.of(option.parseValue(fallbackKey, raw));
            }
        }
        return Optional.empty();
    }

    /**
     * Sets the option's key to the text form of {@code value}.
     *
     * @throws IllegalConfigurationException if the value breaks the option's validator
     */
    public <T> Configuration set(ConfigOption<T> option, T value) {
        values.put(option.key(), option.formatValue(value));
        return this;
    }

    /** Sets a raw value; it is checked only when read through an option or by {@link ConfigLoader#validate}. */
    public Configuration setString(String key, String value) {
        values.put(requireKey(key), Objects.requireNonNull(value, () -> "value of '" + key + "'"));
        return this;
    }

    /** The raw value of the key, or null when it is not set. */
    public String getString(String key) {
        return values.get(key);
    }

    /** Whether the option's key or one of its fallback keys is set. */
    public boolean contains(ConfigOption<?> option) {
        return values.containsKey(option.key()) || option.fallbackKeys().stream().anyMatch(values::containsKey);
    }

    public boolean containsKey(String key) {
        return values.containsKey(key);
    }

    /** Removes the option's key and its fallback keys; returns whether anything was set. */
    public boolean remove(ConfigOption<?> option) {
        boolean removed = values.remove(option.key()) != null;
        for (String fallbackKey : option.fallbackKeys()) {
            removed |= values.remove(fallbackKey) != null;
        }
        return removed;
    }

    /** A sorted snapshot of the keys that are set. */
    public Set<String> keySet() {
        return Collections.unmodifiableSet(new TreeSet<>(values.keySet()));
    }

    /** A sorted snapshot of the raw values. */
    public Map<String, String> toMap() {
        return Collections.unmodifiableMap(new TreeMap<>(values));
    }

    public Configuration copy() {
        return new Configuration(values);
    }

    /** Copies all of {@code other}'s values into this one; on equal keys {@code other} wins. */
    public Configuration addAll(Configuration other) {
        values.putAll(other.values);
        return this;
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Configuration other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    /** Keys and values, with the values of keys that look like secrets hidden, so it is safe to log. */
    @Override
    public String toString() {
        return new TreeMap<>(values).entrySet().stream()
                .map(e -> e.getKey() + "=" + (isSensitive(e.getKey()) ? "******" : e.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    static boolean isSensitive(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        for (String part : SENSITIVE_KEY_PARTS) {
            if (lower.contains(part)) {
                return true;
            }
        }
        return false;
    }

    private static String requireKey(String key) {
        if (key == null || key.isBlank()) {
            throw new IllegalConfigurationException("Configuration keys must not be empty, got '" + key + "'");
        }
        return key;
    }
}
