package io.sluice.yarnclient;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.config.ConfigDocsGenerator;
import io.sluice.config.ConfigOptionsRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code docs/config-yarn.md} (the YARN options; runtime's docs/config.md cannot see this
 * module) in step with {@link YarnOptions}. Regenerate with
 * {@code mvn -pl yarn-client test -Dtest=YarnConfigDocsTest -Dsluice.generate-docs=true}.
 */
class YarnConfigDocsTest {

    @Test
    void docsFileMatchesTheOptions() throws Exception {
        ConfigOptionsRegistry registry = ConfigOptionsRegistry.of(List.of(new YarnOptionsProvider()));
        Path file = Path.of("").toAbsolutePath().getParent().resolve("docs").resolve("config-yarn.md");
        if (Boolean.getBoolean("sluice.generate-docs")) {
            ConfigDocsGenerator.write(registry, file);
            return;
        }
        assertEquals(ConfigDocsGenerator.render(registry), Files.exists(file) ? Files.readString(file) : "(missing)",
                "docs/config-yarn.md is out of date: regenerate it with `mvn -pl yarn-client test "
                        + "-Dtest=YarnConfigDocsTest -Dsluice.generate-docs=true`");
    }
}
