package io.sluice.ha.zookeeper;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.config.ConfigOption;
import io.sluice.config.ConfigOptionsRegistry;
import io.sluice.config.HighAvailabilityOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/high-availability.md documents every HA option with its current default. */
class HaDocsTest {

    @Test
    void everyOptionIsDocumentedWithItsDefault() throws Exception {
        Path docs = Path.of("").toAbsolutePath();
        while (docs != null && !Files.isRegularFile(docs.resolve("docs/high-availability.md"))) {
            docs = docs.getParent();
        }
        assertTrue(docs != null, "docs/high-availability.md not found above " + Path.of("").toAbsolutePath());
        String text = Files.readString(docs.resolve("docs/high-availability.md"));
        List<ConfigOption<?>> options = new ArrayList<>(
                ConfigOptionsRegistry.of(List.of(new ZooKeeperHaConfigOptionsProvider())).options());
        options.add(HighAvailabilityOptions.TYPE);
        for (ConfigOption<?> option : options) {
            assertTrue(text.contains("| `" + option.key() + "` |"), option.key() + " is not in the options table");
            if (option.defaultValue() != null) {
                String shown = formatted(option);
                assertTrue(text.contains("| `" + option.key() + "` | `" + shown + "` |"),
                        option.key() + " should be documented with default `" + shown + "`");
            }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static String formatted(ConfigOption option) {
        return option.type().format(option.defaultValue());
    }
}
