package io.sluice.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConfigurationTest {

    public static final ConfigOption<Integer> PORT = ConfigOptions.key("test.port").intType().defaultValue(8081)
            .withValidator(OptionValidator.port())
            .withFallbackKeys("test.old-port", "test.older-port")
            .withDescription("a port");

    static final ConfigOption<String> HOST = ConfigOptions.key("test.host").stringType().noDefaultValue();

    static final ConfigOption<Integer> SLOTS = ConfigOptions.key("test.slots").intType().defaultValue(1)
            .withValidator(OptionValidator.atLeast(1));

    @Test
    void defaultWhenNothingIsSet() {
        Configuration config = new Configuration();
        assertEquals(8081, config.get(PORT));
        assertEquals(Optional.empty(), config.getOptional(PORT));
        assertNull(config.get(HOST));
        assertFalse(config.contains(PORT));
    }

    @Test
    void keyWinsOverFallbackKeysWhichWinOverTheDefault() {
        Configuration config = new Configuration().setString("test.older-port", "3");
        assertEquals(3, config.get(PORT));
        assertTrue(config.contains(PORT));
        config.setString("test.old-port", "2");
        assertEquals(2, config.get(PORT), "fallback keys are read in the declared order");
        config.setString("test.port", "1");
        assertEquals(1, config.get(PORT));
        assertEquals(Optional.of(1), config.getOptional(PORT));
    }

    @Test
    void badValueUnderAFallbackKeyNamesThatKey() {
        Configuration config = new Configuration().setString("test.old-port", "http");
        IllegalConfigurationException e = assertThrows(IllegalConfigurationException.class, () -> config.get(PORT));
        assertEquals("Invalid value 'http' for 'test.old-port': expected an integer in 0..65535", e.getMessage());
    }

    @Test
    void badValueNeverFallsThroughToTheDefault() {
        Configuration config = new Configuration().setString("test.port", "abc").setString("test.old-port", "2");
        IllegalConfigurationException e = assertThrows(IllegalConfigurationException.class, () -> config.get(PORT));
        assertEquals("Invalid value 'abc' for 'test.port': expected an integer in 0..65535", e.getMessage());
        assertThrows(IllegalConfigurationException.class, () -> config.getOptional(PORT));
    }

    @Test
    void validatorMessagesSayWhatIsAllowed() {
        assertEquals("Invalid value '70000' for 'test.port': expected an integer in 0..65535",
                assertThrows(IllegalConfigurationException.class,
                        () -> new Configuration().setString("test.port", "70000").get(PORT)).getMessage());
        assertEquals("Invalid value '0' for 'test.slots': expected an integer >= 1",
                assertThrows(IllegalConfigurationException.class,
                        () -> new Configuration().setString("test.slots", "0").get(SLOTS)).getMessage());
        assertEquals("Invalid value '-1' for 'test.port': expected an integer in 0..65535",
                assertThrows(IllegalConfigurationException.class,
                        () -> new Configuration().set(PORT, -1)).getMessage());
    }

    @Test
    void positiveDurationValidator() {
        ConfigOption<Duration> timeout = ConfigOptions.key("test.timeout").durationType()
                .defaultValue(Duration.ofSeconds(1)).withValidator(OptionValidator.positiveDuration());
        IllegalConfigurationException e = assertThrows(IllegalConfigurationException.class,
                () -> new Configuration().setString("test.timeout", "0 s").get(timeout));
        assertTrue(e.getMessage().startsWith("Invalid value '0 s' for 'test.timeout': expected a duration > 0 (e.g."),
                e.getMessage());
    }

    @Test
    void defaultsMustSatisfyTheValidator() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfigOptions.key("test.bad").intType().defaultValue(0).withValidator(OptionValidator.atLeast(1)));
        assertTrue(e.getMessage().contains("'test.bad'"), e.getMessage());
    }

    @Test
    void optionsAreImmutable() {
        ConfigOption<Integer> base = ConfigOptions.key("test.x").intType().defaultValue(1);
        ConfigOption<Integer> described = base.withDescription("d");
        assertEquals("", base.description());
        assertEquals("d", described.description());
        assertEquals(List.of(), base.fallbackKeys());
        assertEquals(List.of("test.y"), base.withFallbackKeys("test.y").fallbackKeys());
        assertTrue(base.validator().isEmpty());
        assertEquals(Integer.class, base.type().valueClass());
        assertThrows(IllegalArgumentException.class, () -> ConfigOptions.key(" ").intType().noDefaultValue());
        assertThrows(IllegalArgumentException.class, () -> base.withFallbackKeys("test.x"));
    }

    @Test
    void rawAccessCopyAndMerge() {
        Configuration config = new Configuration().setString("b", "2").setString("a", "1");
        assertEquals("1", config.getString("a"));
        assertNull(config.getString("c"));
        assertEquals(List.of("a", "b"), new ArrayList<>(config.keySet()));
        assertEquals(Map.of("a", "1", "b", "2"), config.toMap());
        assertThrows(UnsupportedOperationException.class, () -> config.toMap().put("c", "3"));

        Configuration copy = config.copy();
        copy.setString("a", "changed");
        assertEquals("1", config.getString("a"), "a copy is independent");

        config.addAll(new Configuration().setString("b", "override").setString("c", "3"));
        assertEquals(Map.of("a", "1", "b", "override", "c", "3"), config.toMap());
        assertEquals(Configuration.fromMap(Map.of("a", "1", "b", "override", "c", "3")), config);
    }

    @Test
    void removeClearsKeyAndFallbackKeys() {
        Configuration config = new Configuration().setString("test.port", "1").setString("test.old-port", "2");
        assertTrue(config.remove(PORT));
        assertFalse(config.contains(PORT));
        assertFalse(config.remove(PORT));
    }

    @Test
    void toStringHidesSecrets() {
        Configuration config = new Configuration().setString("ssl.keystore-password", "hunter2").setString("a", "b");
        assertEquals("{a=b, ssl.keystore-password=******}", config.toString());
    }

    @Test
    void emptyKeysAndNullValuesAreRejected() {
        assertThrows(IllegalConfigurationException.class, () -> new Configuration().setString(" ", "v"));
        assertThrows(NullPointerException.class, () -> new Configuration().setString("k", null));
        assertThrows(NullPointerException.class, () -> new Configuration().set(PORT, null));
    }

    @Test
    void concurrentReadersSeeConsistentValuesWhileAWriterWrites() throws Exception {
        Configuration config = new Configuration().set(PORT, 1000);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Set<Integer>>> readers = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                readers.add(pool.submit(() -> {
                    start.await();
                    Set<Integer> seen = new java.util.HashSet<>();
                    for (int i = 0; i < 20_000; i++) {
                        seen.add(config.get(PORT));
                        config.keySet();
                    }
                    return seen;
                }));
            }
            Future<?> writer = pool.submit(() -> {
                start.await();
                for (int i = 0; i < 20_000; i++) {
                    config.set(PORT, 1000 + i % 10);
                    config.setString("other." + (i % 50), "x");
                }
                return null;
            });
            start.countDown();
            writer.get(30, TimeUnit.SECONDS);
            for (Future<Set<Integer>> reader : readers) {
                for (int value : reader.get(30, TimeUnit.SECONDS)) {
                    assertTrue(value >= 1000 && value < 1010, "torn or foreign value " + value);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
