package io.sluice.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code docs/config.md} in step with the option classes. Regenerate the file with
 * {@code mvn -pl runtime test -Dtest=ConfigDocsTest -Dsluice.generate-docs=true}.
 *
 * <p>The file is found through the system property {@code sluice.docs.file}, or else by walking up
 * from the working directory to the project root (the directory holding both {@code pom.xml} and
 * {@code docs/}).
 */
class ConfigDocsTest {

    static final String GENERATE_PROPERTY = "sluice.generate-docs";
    static final String FILE_PROPERTY = "sluice.docs.file";

    @Test
    void docsFileMatchesTheOptions() throws IOException {
        Path docsFile = locateDocsFile();
        String expected = ConfigDocsGenerator.render(ConfigOptionsRegistry.defaultRegistry());
        if (Boolean.getBoolean(GENERATE_PROPERTY)) {
            ConfigDocsGenerator.write(ConfigOptionsRegistry.defaultRegistry(), docsFile);
            System.out.println("Regenerated " + docsFile);
            return;
        }
        String actual = Files.exists(docsFile) ? Files.readString(docsFile, StandardCharsets.UTF_8) : null;
        if (!expected.equals(actual)) {
            fail("docs/config.md is out of date (" + docsFile + (actual == null ? " is missing" : firstDifference(expected, actual))
                    + "): regenerate it with `mvn -pl runtime test -Dtest=ConfigDocsTest -D" + GENERATE_PROPERTY
                    + "=true` and commit it");
        }
    }

    @Test
    void docsListEveryOptionAndKeepMachineSpecificDefaultsOut() {
        String rendered = ConfigDocsGenerator.render(ConfigOptionsRegistry.defaultRegistry());
        for (ConfigOption<?> option : ConfigOptionsRegistry.allOptions()) {
            assertTrue(rendered.contains("| `" + option.key() + "` |"), option.key());
        }
        assertTrue(rendered.contains("## RestOptions"));
        assertTrue(rendered.contains("| `rest.port` | `Integer` | `8081` |"), rendered);
        assertTrue(rendered.contains("Values: `none`, `fixed-delay`, `failure-rate`, `exponential-delay`."), rendered);
        assertTrue(rendered.contains("| `restart-strategy.type` | `Enum` | exponential-delay if the job checkpoints, "
                + "else fixed-delay |"), rendered);
        assertFalse(rendered.contains(System.getProperty("java.io.tmpdir") + "`"), "temp dir path leaked into docs");
    }

    private static Path locateDocsFile() {
        String explicit = System.getProperty(FILE_PROPERTY);
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("docs"))) {
                return dir.resolve("docs").resolve("config.md");
            }
        }
        return fail("cannot find the project root (a directory with pom.xml and docs/) above "
                + Path.of("").toAbsolutePath() + "; pass -D" + FILE_PROPERTY + "=<path to docs/config.md>");
    }

    private static String firstDifference(String expected, String actual) {
        List<String> want = expected.lines().toList();
        List<String> have = actual.lines().toList();
        for (int i = 0; i < Math.max(want.size(), have.size()); i++) {
            String w = i < want.size() ? want.get(i) : "<end of file>";
            String h = i < have.size() ? have.get(i) : "<end of file>";
            if (!w.equals(h)) {
                return "; first difference at line " + (i + 1) + ": expected \"" + w + "\" but found \"" + h + "\"";
            }
        }
        return "; line endings differ";
    }
}
