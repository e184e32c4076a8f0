package io.sluice.yarnclient;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.config.ConfigLoader;
import io.sluice.config.Configuration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YamlWriterTest {

    @TempDir
    Path dir;

    @Test
    void whatTheClientWritesTheContainerReadsBack() throws Exception {
        Configuration config = new Configuration();
        config.setString("yarn.application.name", "a \"quoted\" name with \\ and: colon");
        config.setString("sluice.hadoop.fs.defaultFS", "hdfs://nn:9000/");
        config.setString("taskmanager.numberOfTaskSlots", "3");
        Files.writeString(dir.resolve("sluice.yaml"), YamlWriter.toYaml(config));
        Configuration read = ConfigLoader.loadFromDirectory(dir, Map.of());
        assertEquals(config.toMap(), read.toMap());
    }
}
