package io.sluice.examples;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The examples' command line: {@code --name value} pairs. Mistakes end in an
 * {@link IllegalArgumentException} whose message says what is wrong; callers add their usage.
 */
public final class ExampleArgs {

    private final Map<String, String> values;

    private ExampleArgs(Map<String, String> values) {
        this.values = values;
    }

    public static ExampleArgs parse(String... args) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            String flag = args[i];
            if (!flag.startsWith("--") || flag.length() == 2) {
                throw new IllegalArgumentException("unexpected argument '" + flag + "': options look like --name value");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + flag + " needs a value");
            }
            if (values.put(flag.substring(2), args[i + 1]) != null) {
                throw new IllegalArgumentException("option " + flag + " is given twice");
            }
        }
        return new ExampleArgs(values);
    }

    public String required(String name) {
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing required option --" + name);
        }
        return value;
    }

    public Optional<String> optional(String name) {
        return Optional.ofNullable(values.get(name));
    }

    public long getLong(String name, long defaultValue) {
        return optional(name).map(v -> parseLong(name, v)).orElse(defaultValue);
    }

    public Optional<Integer> optionalInt(String name) {
        return optional(name).map(v -> Math.toIntExact(parseLong(name, v)));
    }

    /** Fails on options the program does not know, so a typo is not silently ignored. */
    public void rejectUnknown(String... known) {
        for (String name : values.keySet()) {
            if (!java.util.Arrays.asList(known).contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name);
            }
        }
    }

    private static long parseLong(String name, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option --" + name + " must be a whole number, was '" + value + "'");
        }
    }
}
