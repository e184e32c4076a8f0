package io.sluice.yarnclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.sluice.config.Configuration;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YarnPropertiesFileTest {

    @TempDir
    Path dir;

    @Test
    void recordsReadsAndClearsOnlyItsOwnSession() throws Exception {
        Configuration config = new Configuration();
        config.setString(YarnOptions.PROPERTIES_FILE_DIR.key(), dir.toString());
        assertNull(YarnPropertiesFile.read(config));
        YarnPropertiesFile.write(config, "application_1_0001");
        assertEquals("application_1_0001", YarnPropertiesFile.read(config));
        YarnPropertiesFile.clear(config, "application_1_0002");
        assertEquals("application_1_0001", YarnPropertiesFile.read(config));
        YarnPropertiesFile.clear(config, "application_1_0001");
        assertNull(YarnPropertiesFile.read(config));
    }
}
