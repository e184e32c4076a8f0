package io.sluice.config;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * All known options: the {@code public static final ConfigOption<?>} fields of the classes named by the
 * {@link ConfigOptionsProvider}s on the class path. Immutable once built.
 *
 * <p>Two options claiming the same key (or one option's key being another's fallback key) are rejected
 * when the registry is built, because reads of that key would be ambiguous.
 */
public final class ConfigOptionsRegistry {

    private final List<ConfigOptionsProvider> providers;
    private final List<ConfigOption<?>> options;
    private final Map<Class<?>, List<ConfigOption<?>>> optionsByClass;
    private final Map<String, ConfigOption<?>> optionsByAnyKey;

    private ConfigOptionsRegistry(List<ConfigOptionsProvider> providers) {
        this.providers = List.copyOf(providers);
        Map<String, ConfigOption<?>> byKey = new HashMap<>();
        Map<String, Class<?>> declaringClass = new HashMap<>();
        Map<Class<?>, List<ConfigOption<?>>> byClass = new TreeMap<>(Comparator.comparing(Class::getName));
        List<ConfigOption<?>> all = new ArrayList<>();
        for (ConfigOptionsProvider provider : this.providers) {
            for (Class<?> optionClass : provider.optionClasses()) {
                if (byClass.containsKey(optionClass)) {
                    continue; // listed twice (or by two providers): the same options, not a conflict
                }
                List<ConfigOption<?>> declared = declaredOptions(optionClass);
                for (ConfigOption<?> option : declared) {
                    List<String> keys = new ArrayList<>(option.fallbackKeys());
                    keys.add(0, option.key());
                    for (String key : keys) {
                        ConfigOption<?> previous = byKey.putIfAbsent(key, option);
                        if (previous != null) {
                            throw new IllegalStateException("Configuration key '" + key + "' is declared twice: by '"
                                    + previous.key() + "' in " + declaringClass.get(key).getName() + " and by '"
                                    + option.key() + "' in " + optionClass.getName() + "; keys must be unique");
                        }
                        declaringClass.put(key, optionClass);
                    }
                }
                declared.sort(Comparator.comparing(ConfigOption::key));
                byClass.put(optionClass, List.copyOf(declared));
                all.addAll(declared);
            }
        }
        all.sort(Comparator.comparing(ConfigOption::key));
        this.options = List.copyOf(all);
        this.optionsByClass = Collections.unmodifiableMap(new LinkedHashMap<>(byClass));
        this.optionsByAnyKey = Map.copyOf(byKey);
    }

    /** The registry of the providers found by {@link ServiceLoader}; built once per process. */
    public static ConfigOptionsRegistry defaultRegistry() {
        return DefaultHolder.INSTANCE;
    }

    /** A registry of the given providers only, e.g. for tests or tools that document one module. */
    public static ConfigOptionsRegistry of(List<? extends ConfigOptionsProvider> providers) {
        return new ConfigOptionsRegistry(List.copyOf(providers));
    }

    /** All options of the {@link #defaultRegistry()}, sorted by key. */
    public static List<ConfigOption<?>> allOptions() {
        return defaultRegistry().options();
    }

    /** All options, sorted by key. */
    public List<ConfigOption<?>> options() {
        return options;
    }

    /** Options per declaring class; classes ordered by name, options by key. */
    public Map<Class<?>, List<ConfigOption<?>>> optionsByClass() {
        return optionsByClass;
    }

    /** The option whose key or fallback key is {@code key}. */
    public Optional<ConfigOption<?>> find(String key) {
        return Optional.ofNullable(optionsByAnyKey.get(key));
    }

    /** Runs every provider's cross-option checks. */
    public void validateCrossOptionRules(Configuration config) {
        providers.forEach(provider -> provider.validate(config));
    }

    private static List<ConfigOption<?>> declaredOptions(Class<?> optionClass) {
        List<ConfigOption<?>> declared = new ArrayList<>();
        for (Field field : optionClass.getFields()) {
            int modifiers = field.getModifiers();
            if (Modifier.isStatic(modifiers) && Modifier.isFinal(modifiers)
                    && ConfigOption.class.isAssignableFrom(field.getType())) {
                try {
                    ConfigOption<?> option = (ConfigOption<?>) field.get(null);
                    if (option == null) {
                        throw new IllegalStateException(optionClass.getName() + "." + field.getName() + " is null");
                    }
                    declared.add(option);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("Cannot read option " + optionClass.getName() + "."
                            + field.getName() + ": option classes must be public", e);
                }
            }
        }
        return declared;
    }

    /** Lazy holder: ServiceLoader and reflection run on first use, not at class load. */
    private static final class DefaultHolder {
        static final ConfigOptionsRegistry INSTANCE = load();

        private static ConfigOptionsRegistry load() {
            // this class's loader, not the context loader: cluster options come from the distribution,
            // never from a user's job jar
            List<ConfigOptionsProvider> found = new ArrayList<>();
            ServiceLoader.load(ConfigOptionsProvider.class, ConfigOptionsRegistry.class.getClassLoader())
                    .forEach(found::add);
            found.sort(Comparator.comparing(provider -> provider.getClass().getName()));
            return new ConfigOptionsRegistry(found);
        }
    }
}
