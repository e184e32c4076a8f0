package io.sluice.yarnclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.config.Configuration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HadoopConfigsTest {

    @TempDir
    Path dir;

    @Test
    void missingHadoopConfDirSaysWhatToExport() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HadoopConfigs.forClient(new Configuration(), Map.of()));
        assertTrue(e.getMessage().contains("export HADOOP_CONF_DIR"), e.getMessage());
    }

    @Test
    void confDirWithoutSiteFilesIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HadoopConfigs.forClient(new Configuration(), Map.of("HADOOP_CONF_DIR", dir.toString())));
        assertTrue(e.getMessage().contains("holds neither yarn-site.xml nor core-site.xml"), e.getMessage());
    }

    @Test
    void siteFilesThenOverridesWithAndWithoutPrefix() throws Exception {
        Files.writeString(dir.resolve("yarn-site.xml"), """
                <configuration>
                  <property><name>yarn.resourcemanager.address</name><value>rm.example:8032</value></property>
                  <property><name>yarn.scheduler.minimum-allocation-mb</name><value>256</value></property>
                </configuration>""");
        Configuration config = new Configuration();
        config.setString("sluice.hadoop.yarn.resourcemanager.address", "other:1");
        config.setString("fs.defaultFS", "hdfs://nn:9000");
        config.setString(YarnOptions.APPLICATION_QUEUE.key(), "q1"); // a Sluice option: must not leak into Hadoop
        YarnConfiguration yarn = HadoopConfigs.forClient(config, Map.of("HADOOP_CONF_DIR", dir.toString()));
        assertEquals("other:1", yarn.get(YarnConfiguration.RM_ADDRESS));
        assertEquals("256", yarn.get("yarn.scheduler.minimum-allocation-mb"));
        assertEquals("hdfs://nn:9000", yarn.get("fs.defaultFS"));
        assertNull(yarn.get(YarnOptions.APPLICATION_QUEUE.key()));
        assertEquals(15000, yarn.getLong(YarnConfiguration.RESOURCEMANAGER_CONNECT_MAX_WAIT_MS, 0));
    }
}
