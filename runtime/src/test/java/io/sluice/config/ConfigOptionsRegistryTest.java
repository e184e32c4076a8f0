package io.sluice.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigOptionsRegistryTest {

    /** Option classes used only here. */
    public static final class FirstOptions {
        public static final ConfigOption<Integer> SHARED = ConfigOptions.key("dup.key").intType().defaultValue(1);
        public static final ConfigOption<String> B = ConfigOptions.key("b.key").stringType().noDefaultValue();
        // not collected: not static / not final / not public / not an option
        public final ConfigOption<String> instanceField = ConfigOptions.key("x.instance").stringType().noDefaultValue();
        public static ConfigOption<String> mutableField = ConfigOptions.key("x.mutable").stringType().noDefaultValue();
        static final ConfigOption<String> PACKAGE_PRIVATE = ConfigOptions.key("x.hidden").stringType().noDefaultValue();
        public static final String NOT_AN_OPTION = "x.string";
    }

    public static final class SecondOptions {
        public static final ConfigOption<Integer> SAME_KEY = ConfigOptions.key("dup.key").intType().defaultValue(2);
    }

    public static final class ThirdOptions {
        public static final ConfigOption<Integer> FALLBACK_CLASH =
                ConfigOptions.key("c.key").intType().defaultValue(2).withFallbackKeys("b.key");
    }

    @Test
    void collectsPublicStaticFinalOptionFieldsSortedByKey() {
        ConfigOptionsRegistry registry = ConfigOptionsRegistry.of(List.of(() -> List.of(FirstOptions.class)));
        assertEquals(List.of("b.key", "dup.key"), registry.options().stream().map(ConfigOption::key).toList());
        assertSame(FirstOptions.B, registry.find("b.key").orElseThrow());
        assertEquals(Optional.empty(), registry.find("x.hidden"));
    }

    @Test
    void duplicateKeysAreAnError() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ConfigOptionsRegistry.of(
                List.of(() -> List.of(FirstOptions.class), () -> List.of(SecondOptions.class))));
        assertTrue(e.getMessage().startsWith("Configuration key 'dup.key' is declared twice"), e.getMessage());
        assertTrue(e.getMessage().contains(FirstOptions.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains(SecondOptions.class.getName()), e.getMessage());
    }

    @Test
    void aFallbackKeyClashingWithAKeyIsAnError() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ConfigOptionsRegistry.of(
                List.of(() -> List.of(FirstOptions.class, ThirdOptions.class))));
        assertTrue(e.getMessage().startsWith("Configuration key 'b.key' is declared twice"), e.getMessage());
    }

    @Test
    void fallbackKeysFindTheirOption() {
        ConfigOptionsRegistry registry = ConfigOptionsRegistry.of(List.of(() -> List.of(ThirdOptions.class)));
        assertSame(ThirdOptions.FALLBACK_CLASH, registry.find("b.key").orElseThrow());
    }

    @Test
    void serviceLoaderFindsTheRuntimeOptions() {
        List<ConfigOption<?>> all = ConfigOptionsRegistry.allOptions();
        assertTrue(all.contains(RestOptions.PORT));
        assertTrue(all.contains(CoreOptions.TMP_DIRS));
        assertEquals(all.stream().sorted(Comparator.comparing(ConfigOption::key)).toList(), all, "sorted by key");
        assertEquals(new RuntimeConfigOptionsProvider().optionClasses().size(),
                ConfigOptionsRegistry.defaultRegistry().optionsByClass().size());
    }
}
