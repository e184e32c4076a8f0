package io.sluice.config;

import java.util.List;

/**
 * Service interface through which a module makes its options known, so that {@link ConfigLoader}
 * can parse them up front, warn about unknown keys, and {@link ConfigDocsGenerator} can document them,
 * without runtime depending on the module. Implementations have a public no-argument constructor and
 * are listed in {@code META-INF/services/io.sluice.config.ConfigOptionsProvider}.
 */
public interface ConfigOptionsProvider {

    /** Classes whose {@code public static final ConfigOption<?>} fields are this module's options. */
    List<Class<?>> optionClasses();

    /**
     * Checks that span several options (for example a timeout that must exceed an interval).
     *
     * @throws IllegalConfigurationException naming the keys, their values and what to change
     */
    default void validate(Configuration config) {}
}
