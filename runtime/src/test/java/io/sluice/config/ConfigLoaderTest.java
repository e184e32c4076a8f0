package io.sluice.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path confDir;

    private Configuration load(String yaml, Map<String, String> dynamic) throws IOException {
        Files.writeString(confDir.resolve("sluice.yaml"), yaml);
        return ConfigLoader.loadFromDirectory(confDir, dynamic);
    }

    private String loadError(String yaml) {
        return assertThrows(IllegalConfigurationException.class, () -> load(yaml, Map.of())).getMessage();
    }

    private String file() {
        return confDir.resolve("sluice.yaml").toAbsolutePath().toString();
    }

    @Test
    void precedenceIsDynamicOverFileOverDefault() throws IOException {
        Configuration config = load("rest.port: 9000\nheartbeat.interval: 2 s\n", Map.of("rest.port", "9100"));
        assertEquals(9100, config.get(RestOptions.PORT), "-D wins over the file");
        assertEquals(Duration.ofSeconds(2), config.get(HeartbeatOptions.INTERVAL), "the file wins over the default");
        assertEquals(Duration.ofSeconds(10), config.get(HeartbeatOptions.TIMEOUT), "the default when nothing is set");
    }

    @Test
    void nestedMapsAreFlattenedToDottedKeys() throws IOException {
        Configuration config = load("""
                jobmanager:
                  rpc:
                    address: jm.example.com
                    port: 6124
                  bind-host: 0.0.0.0
                restart-strategy.type: none
                restart-strategy:
                  fixed-delay:
                    attempts: 5
                """, Map.of());
        assertEquals(Map.of(
                "jobmanager.rpc.address", "jm.example.com",
                "jobmanager.rpc.port", "6124",
                "jobmanager.bind-host", "0.0.0.0",
                "restart-strategy.type", "none",
                "restart-strategy.fixed-delay.attempts", "5"), config.toMap());
        assertEquals(6124, config.get(JobManagerOptions.RPC_PORT));
    }

    @Test
    void valuesStayAsWrittenAndListsBecomeCommaSeparated() throws IOException {
        Configuration config = load("""
                a.octal: 010
                a.flag: no
                a.date: 2024-01-01
                a.quoted: "  padded  "
                a.list: [one, two, 3]
                a.block-list:
                  - /data/1
                  - /data/2
                a.unset:
                a.tilde: ~
                # a comment
                """, Map.of());
        assertEquals("010", config.getString("a.octal"));
        assertEquals("no", config.getString("a.flag"));
        assertEquals("2024-01-01", config.getString("a.date"));
        assertEquals("padded", config.getString("a.quoted"));
        assertEquals("one,two,3", config.getString("a.list"));
        assertEquals("/data/1,/data/2", config.getString("a.block-list"));
        assertFalse(config.containsKey("a.unset"), "an empty value means not set");
        assertFalse(config.containsKey("a.tilde"));
    }

    @Test
    void emptyOrCommentOnlyFileGivesAnEmptyConfiguration() throws IOException {
        assertTrue(load("", Map.of()).isEmpty());
        assertTrue(load("# nothing here\n", Map.of()).isEmpty());
    }

    @Test
    void missingFileIsAllowedWhenTheDirectoryExists() {
        Configuration config = ConfigLoader.loadFromDirectory(confDir, Map.of("rest.port", "1"));
        assertEquals(Map.of("rest.port", "1"), config.toMap());
    }

    @Test
    void missingDirectoryIsAnError() {
        Path missing = confDir.resolve("nope");
        IllegalConfigurationException e = assertThrows(IllegalConfigurationException.class,
                () -> ConfigLoader.loadFromDirectory(missing, Map.of()));
        assertEquals("Configuration directory '" + missing.toAbsolutePath() + "' does not exist or is not a "
                + "directory; point SLUICE_CONF_DIR at the directory that holds sluice.yaml", e.getMessage());
    }

    @Test
    void invalidYamlNamesFileAndLine() {
        String message = loadError("rest.port: 8081\nrest:\n\tbind-address: x\n");
        assertTrue(message.startsWith("Cannot parse " + file() + " at line 3, column 1: invalid YAML: "), message);
        assertTrue(message.contains("never tabs"), message);

        message = loadError("a: 1\nb: [unclosed\n");
        assertTrue(message.startsWith("Cannot parse " + file() + " at line "), message);
    }

    @Test
    void topLevelMustBeAMap() {
        assertEquals("Cannot parse " + file() + " at line 1, column 1: the file must be a map of 'key: value' "
                + "entries, found a list", loadError("- a\n- b\n"));
        assertEquals("Cannot parse " + file() + " at line 1, column 1: the file must be a map of 'key: value' "
                + "entries, found a value 'rest.port=8081'", loadError("rest.port=8081\n"));
    }

    @Test
    void keysSetTwiceAreRejectedWithBothLines() {
        assertEquals("Cannot parse " + file() + " at line 3, column 3: key 'rest.port' is set twice (lines 1 and 3); "
                + "remove one of them", loadError("rest.port: 1\nrest:\n  port: 2\n"));
    }

    @Test
    void listsOfMapsAreRejected() {
        String message = loadError("a.list:\n  - x: 1\n");
        assertTrue(message.startsWith("Cannot parse " + file() + " at line 2, column 5: the list of 'a.list' may only "
                + "hold plain values, found a map"), message);
    }

    @Test
    void parseDynamicProperty() {
        assertEquals(Map.entry("rest.port", "8082"), ConfigLoader.parseDynamicProperty("rest.port=8082"));
        assertEquals(Map.entry("a", "b=c"), ConfigLoader.parseDynamicProperty(" a = b=c "));
        assertEquals(Map.entry("a", ""), ConfigLoader.parseDynamicProperty("a="));
        assertEquals("Invalid dynamic property 'rest.port': expected -D key=value, e.g. -D rest.port=8082",
                assertThrows(IllegalConfigurationException.class,
                        () -> ConfigLoader.parseDynamicProperty("rest.port")).getMessage());
        assertTrue(assertThrows(IllegalConfigurationException.class,
                () -> ConfigLoader.parseDynamicProperty("=v")).getMessage().contains("the key before '=' is empty"));
        assertEquals(Map.of("a", "2", "b", "1"),
                ConfigLoader.parseDynamicProperties(List.of("a=1", "b=1", "a=2")));
    }

    @Test
    void confDirFromEnvironment() {
        Path fallback = Path.of("/opt/sluice/conf");
        assertEquals(fallback, ConfigLoader.confDirFromEnvironment(Map.of(), fallback));
        assertEquals(fallback, ConfigLoader.confDirFromEnvironment(Map.of("SLUICE_CONF_DIR", " "), fallback));
        assertEquals(Path.of("/etc/sluice"),
                ConfigLoader.confDirFromEnvironment(Map.of("SLUICE_CONF_DIR", "/etc/sluice"), fallback));
    }

    @Test
    void validateParsesEveryKnownKeyAndFailsFast() throws IOException {
        Configuration config = load("rest.port: abc\n", Map.of());
        IllegalConfigurationException e =
                assertThrows(IllegalConfigurationException.class, () -> ConfigLoader.validate(config));
        assertEquals("Invalid value 'abc' for 'rest.port': expected an integer in 0..65535", e.getMessage());
    }

    @Test
    void validateReturnsAndWarnsAboutUnknownKeys() throws IOException {
        Configuration config = load("rest.prot: 8081\nrest.port: 8081\nzz.loader-test.typo: 1\n", Map.of());
        assertEquals(List.of("rest.prot", "zz.loader-test.typo"), ConfigLoader.validate(config));
        // warned once per process: the second validation reports the keys but does not log again
        assertEquals(List.of("rest.prot", "zz.loader-test.typo"), ConfigLoader.validate(config));
    }

    @Test
    void unknownKeyIsLoggedOnlyOnce() {
        assertTrue(ConfigLoader.warnUnknownKey("zz.warn-once-test", "test"));
        assertFalse(ConfigLoader.warnUnknownKey("zz.warn-once-test", "test"));
    }

    @Test
    void validateRunsCrossOptionChecks() {
        Configuration config = new Configuration().setString("heartbeat.interval", "10 s")
                .setString("heartbeat.timeout", "5 s");
        IllegalConfigurationException e =
                assertThrows(IllegalConfigurationException.class, () -> ConfigLoader.validate(config));
        assertEquals("Invalid heartbeat settings: 'heartbeat.timeout' (5 s) must be larger than 'heartbeat.interval' "
                + "(10 s); raise the timeout (10 times the interval is usual) or lower the interval", e.getMessage());
        assertEquals(List.of(), ConfigLoader.validate(config.setString("heartbeat.timeout", "1 min")));
    }

    @Test
    void validateChecksFallbackKeysAgainstTheirOption() {
        ConfigOptionsRegistry registry = ConfigOptionsRegistry.of(List.of(() -> List.of(ConfigurationTest.class)));
        Configuration config = new Configuration().setString("test.old-port", "99999");
        IllegalConfigurationException e = assertThrows(IllegalConfigurationException.class,
                () -> ConfigLoader.validate(config, registry, "test"));
        assertEquals("Invalid value '99999' for 'test.old-port': expected an integer in 0..65535", e.getMessage());
    }
}
