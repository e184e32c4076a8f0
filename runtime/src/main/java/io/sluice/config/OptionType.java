package io.sluice.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * How the values of one Java type are written in configuration: parsing, printing, and the words used
 * to tell an operator what is expected. Instances are immutable; {@code parse(format(v))} equals
 * {@code v} for every valid value.
 *
 * @param <T> the Java type of the values
 */
public final class OptionType<T> {

    private static final Pattern LIST_SEPARATOR = Pattern.compile("[,;]");

    public static final OptionType<String> STRING =
            new OptionType<>("String", String.class, "a string", null, raw -> raw, value -> value);

    public static final OptionType<Integer> INTEGER = new OptionType<>(
            "Integer", Integer.class, "an integer", null, raw -> Integer.valueOf(raw.trim()), String::valueOf);

    public static final OptionType<Long> LONG = new OptionType<>(
            "Long", Long.class, "an integer", null, raw -> Long.valueOf(raw.trim()), String::valueOf);

    public static final OptionType<Boolean> BOOLEAN = new OptionType<>(
            "Boolean", Boolean.class, "true or false", null, OptionType::parseBoolean, String::valueOf);

    public static final OptionType<Double> DOUBLE = new OptionType<>(
            "Double", Double.class, "a number", null, OptionType::parseDouble, String::valueOf);

    public static final OptionType<Duration> DURATION = new OptionType<>(
            "Duration", Duration.class, "a duration", "e.g. '500 ms', '10 s', '5 min'; " + DurationFormat.UNIT_HELP,
            DurationFormat::parse, DurationFormat::format);

    public static final OptionType<MemorySize> MEMORY_SIZE = new OptionType<>(
            "MemorySize", MemorySize.class, "a memory size",
            "e.g. '64 kb', '512m', '1 gb'; units: bytes, kb, mb, gb, tb (binary); a number without unit is bytes",
            MemorySize::parse, MemorySize::toString);

    /** Comma or semicolon separated; blanks around items are dropped, empty items ignored. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static final OptionType<List<String>> STRING_LIST = new OptionType<>(
            "List<String>", (Class) List.class, "a list of strings", "separated by ',' or ';'",
            OptionType::parseList, list -> String.join(",", list));

    private final String name;
    private final Class<T> valueClass;
    private final String description;
    private final String hint;
    private final Function<String, T> parser;
    private final Function<T, String> formatter;
    private final List<String> allowedValues;

    private OptionType(String name, Class<T> valueClass, String description, String hint,
            Function<String, T> parser, Function<T, String> formatter) {
        this(name, valueClass, description, hint, parser, formatter, List.of());
    }

    private OptionType(String name, Class<T> valueClass, String description, String hint,
            Function<String, T> parser, Function<T, String> formatter, List<String> allowedValues) {
        this.name = name;
        this.valueClass = valueClass;
        this.description = description;
        this.hint = hint;
        this.parser = parser;
        this.formatter = formatter;
        this.allowedValues = allowedValues;
    }

    /**
     * Enum values are written in lower case with dashes ({@code fixed-delay} for {@code FIXED_DELAY});
     * parsing ignores case and accepts dashes or underscores.
     */
    public static <E extends Enum<E>> OptionType<E> forEnum(Class<E> enumClass) {
        List<String> allowed = Arrays.stream(enumClass.getEnumConstants()).map(OptionType::enumText).toList();
        return new OptionType<>("Enum", enumClass, "one of: " + String.join(", ", allowed), null,
                raw -> parseEnum(enumClass, raw), OptionType::enumText, allowed);
    }

    /**
     * Parses a raw value.
     *
     * @throws IllegalArgumentException if the text is not a value of this type; callers turn it into an
     *     {@link IllegalConfigurationException} that names the key
     */
    public T parse(String raw) {
        Objects.requireNonNull(raw, "raw value");
        return parser.apply(raw);
    }

    /** The text that {@link #parse(String)} reads back as {@code value}. */
    public String format(T value) {
        return formatter.apply(Objects.requireNonNull(value, "value"));
    }

    /** Short type name for the docs, e.g. "Duration". */
    public String name() {
        return name;
    }

    public Class<T> valueClass() {
        return valueClass;
    }

    /** What a valid value looks like, as the object of "expected ...", e.g. "an integer". */
    public String description() {
        return description;
    }

    /** Extra help on the syntax (units, separators), or null when the description says it all. */
    public String hint() {
        return hint;
    }

    /** For enums the accepted spellings in declaration order; empty for other types. */
    public List<String> allowedValues() {
        return allowedValues;
    }

    @Override
    public String toString() {
        return name;
    }

    private static Boolean parseBoolean(String raw) {
        String trimmed = raw.trim();
        if (trimmed.equalsIgnoreCase("true")) {
            return Boolean.TRUE;
        }
        if (trimmed.equalsIgnoreCase("false")) {
            return Boolean.FALSE;
        }
        // no yes/no/on/off: one spelling per meaning keeps files greppable
        throw new IllegalArgumentException("not a boolean: " + raw);
    }

    private static Double parseDouble(String raw) {
        double value = Double.parseDouble(raw.trim());
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("not a finite number: " + raw);
        }
        return value;
    }

    private static List<String> parseList(String raw) {
        return LIST_SEPARATOR.splitAsStream(raw).map(String::trim).filter(item -> !item.isEmpty()).toList();
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> enumClass, String raw) {
        String wanted = raw.trim().replace('-', '_');
        for (E constant : enumClass.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(wanted)) {
                return constant;
            }
        }
        throw new IllegalArgumentException("not a " + enumClass.getSimpleName() + ": " + raw);
    }

    private static String enumText(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
