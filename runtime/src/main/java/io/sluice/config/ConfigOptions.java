package io.sluice.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Entry point of the fluent builder for {@link ConfigOption}s:
 * {@code ConfigOptions.key("rest.port").intType().defaultValue(8081).withDescription("...")}.
 *
 * <p>The builder forces a type and a default decision (a value or {@code noDefaultValue()}) before an
 * option exists, so no option can be declared without either.
 */
public final class ConfigOptions {

    private ConfigOptions() {}

    public static KeyBuilder key(String key) {
        return new KeyBuilder(key);
    }

    /** Chooses the value type. */
    public static final class KeyBuilder {

        private final String key;

        private KeyBuilder(String key) {
            this.key = Objects.requireNonNull(key, "key");
        }

        public TypedBuilder<String> stringType() {
            return new TypedBuilder<>(key, OptionType.STRING);
        }

        public TypedBuilder<Integer> intType() {
            return new TypedBuilder<>(key, OptionType.INTEGER);
        }

        public TypedBuilder<Long> longType() {
            return new TypedBuilder<>(key, OptionType.LONG);
        }

        public TypedBuilder<Boolean> booleanType() {
            return new TypedBuilder<>(key, OptionType.BOOLEAN);
        }

        public TypedBuilder<Double> doubleType() {
            return new TypedBuilder<>(key, OptionType.DOUBLE);
        }

        public TypedBuilder<Duration> durationType() {
            return new TypedBuilder<>(key, OptionType.DURATION);
        }

        public TypedBuilder<MemorySize> memoryType() {
            return new TypedBuilder<>(key, OptionType.MEMORY_SIZE);
        }

        public <E extends Enum<E>> TypedBuilder<E> enumType(Class<E> enumClass) {
            return new TypedBuilder<>(key, OptionType.forEnum(enumClass));
        }

        /** Values separated by ',' or ';'. */
        public TypedBuilder<List<String>> stringListType() {
            return new TypedBuilder<>(key, OptionType.STRING_LIST);
        }
    }

    /** Chooses the default; the result is the option, refined with its {@code with...} methods. */
    public static final class TypedBuilder<T> {

        private final String key;
        private final OptionType<T> type;

        private TypedBuilder(String key, OptionType<T> type) {
            this.key = key;
            this.type = type;
        }

        public ConfigOption<T> defaultValue(T value) {
            Objects.requireNonNull(value, () -> "default of '" + key + "' (use noDefaultValue() instead)");
            return new ConfigOption<>(key, type, value, "", List.of(), null, null);
        }

        public ConfigOption<T> noDefaultValue() {
            return new ConfigOption<>(key, type, null, "", List.of(), null, null);
        }
    }
}
