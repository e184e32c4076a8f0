package io.sluice.config;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One typed configuration option: its key, value type, default, description, deprecated fallback keys
 * and an optional validator. Immutable; the {@code with...} methods return changed copies, so options
 * can be declared as {@code public static final} constants:
 *
 * <pre>{@code
 * public static final ConfigOption<Integer> PORT = ConfigOptions.key("rest.port")
 *         .intType().defaultValue(8081)
 *         .withValidator(OptionValidator.port())
 *         .withDescription("Port of the REST endpoint; 0 picks a free port.");
 * }</pre>
 *
 * @param <T> the Java type of the values
 */
public final class ConfigOption<T> {

    private final String key;
    private final OptionType<T> type;
    private final T defaultValue;
    private final String description;
    private final List<String> fallbackKeys;
    private final OptionValidator<? super T> validator;
    private final String documentedDefault;

    ConfigOption(String key, OptionType<T> type, T defaultValue, String description, List<String> fallbackKeys,
            OptionValidator<? super T> validator, String documentedDefault) {
        this.key = requireKey(key);
        this.type = Objects.requireNonNull(type, "type");
        this.defaultValue = defaultValue;
        this.description = Objects.requireNonNull(description, "description");
        this.fallbackKeys = List.copyOf(fallbackKeys);
        this.validator = validator;
        this.documentedDefault = documentedDefault;
        this.fallbackKeys.forEach(ConfigOption::requireKey);
        if (this.fallbackKeys.contains(key)) {
            throw new IllegalArgumentException("option '" + key + "' lists its own key as a fallback key");
        }
        // a default that breaks the option's own rules is a programming error: fail at class init
        if (defaultValue != null) {
            try {
                formatValue(defaultValue);
            } catch (IllegalConfigurationException e) {
                throw new IllegalArgumentException("bad default value of option '" + key + "': " + e.getMessage(), e);
            }
        }
    }

    public String key() {
        return key;
    }

    public OptionType<T> type() {
        return type;
    }

    public boolean hasDefaultValue() {
        return defaultValue != null;
    }

    /** The default value, or null when the option has none. */
    public T defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** Deprecated keys, read in this order when {@link #key()} is not set. */
    public List<String> fallbackKeys() {
        return fallbackKeys;
    }

    public Optional<OptionValidator<? super T>> validator() {
        return Optional.ofNullable(validator);
    }

    /**
     * How the default is shown in the docs: the text given by {@link #withDocumentedDefault(String)},
     * else the formatted default, else null (no default). The override exists for defaults that depend
     * on the machine, which must not leak into generated docs.
     */
    public String documentedDefault() {
        if (documentedDefault != null) {
            return documentedDefault;
        }
        return defaultValue == null ? null : type.format(defaultValue);
    }

    public ConfigOption<T> withDescription(String newDescription) {
        return new ConfigOption<>(key, type, defaultValue, newDescription, fallbackKeys, validator, documentedDefault);
    }

    public ConfigOption<T> withValidator(OptionValidator<? super T> newValidator) {
        return new ConfigOption<>(key, type, defaultValue, description, fallbackKeys,
                Objects.requireNonNull(newValidator, "validator"), documentedDefault);
    }

    public ConfigOption<T> withFallbackKeys(String... keys) {
        return new ConfigOption<>(key, type, defaultValue, description, Arrays.asList(keys), validator,
                documentedDefault);
    }

    public ConfigOption<T> withDocumentedDefault(String text) {
        return new ConfigOption<>(key, type, defaultValue, description, fallbackKeys, validator,
                Objects.requireNonNull(text, "text"));
    }

    /** What a valid value looks like, e.g. "an integer in 0..65535" or "a duration > 0 (e.g. ...)". */
    public String expectation() {
        StringBuilder text = new StringBuilder(type.description());
        if (validator != null) {
            text.append(' ').append(validator.requirement());
        }
        if (type.hint() != null) {
            text.append(" (").append(type.hint()).append(')');
        }
        return text.toString();
    }

    /**
     * Parses and validates a raw value that was found under {@code usedKey} (this option's key or one of
     * its fallback keys).
     *
     * @throws IllegalConfigurationException naming the key, the value and what is allowed
     */
    public T parseValue(String usedKey, String raw) {
        T value;
        try {
            value = type.parse(raw);
        } catch (IllegalArgumentException e) {
            throw invalid(usedKey, raw, e);
        }
        if (validator != null && !validator.isValid(value)) {
            throw invalid(usedKey, raw, null);
        }
        return value;
    }

    /**
     * The raw text for {@code value}, checked to be valid and to read back as the same value (a list item
     * containing a separator would not).
     *
     * @throws IllegalConfigurationException if the value is not allowed for this option
     */
    public String formatValue(T value) {
        Objects.requireNonNull(value, () -> "value for '" + key + "' (to unset a key, remove it)");
        String raw;
        try {
            raw = type.format(value);
        } catch (IllegalArgumentException e) {
            throw invalid(key, String.valueOf(value), e);
        }
        if (!value.equals(parseValue(key, raw))) {
            throw invalid(key, String.valueOf(value), null);
        }
        return raw;
    }

    private IllegalConfigurationException invalid(String usedKey, String raw, Throwable cause) {
        return new IllegalConfigurationException(
                "Invalid value '" + raw + "' for '" + usedKey + "': expected " + expectation(), cause);
    }

    private static String requireKey(String key) {
        if (key == null || key.isBlank() || !key.strip().equals(key)) {
            throw new IllegalArgumentException("configuration key must be non-empty without surrounding blanks: '"
                    + key + "'");
        }
        return key;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfigOption<?> other
                && key.equals(other.key)
                && type.equals(other.type)
                && Objects.equals(defaultValue, other.defaultValue)
                && description.equals(other.description)
                && fallbackKeys.equals(other.fallbackKeys)
                && Objects.equals(validator, other.validator)
                && Objects.equals(documentedDefault, other.documentedDefault);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, defaultValue, fallbackKeys);
    }

    @Override
    public String toString() {
        return "ConfigOption{key='" + key + "', type=" + type + ", default=" + documentedDefault() + "}";
    }
}
