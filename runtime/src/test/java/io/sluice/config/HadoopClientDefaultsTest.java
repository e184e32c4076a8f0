package io.sluice.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HadoopClientDefaultsTest {

    @Test
    void shortensTheFirstCompleteRetryWhenNobodySetIt() {
        org.apache.hadoop.conf.Configuration conf = HadoopClientDefaults.create();
        assertEquals(50, conf.getInt(HadoopClientDefaults.COMPLETE_INITIAL_DELAY, -1));
        assertEquals(8, conf.getInt(HadoopClientDefaults.COMPLETE_RETRIES, -1));
    }

    @Test
    void keepsWhatTheUserSet() {
        org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration(false);
        conf.set(HadoopClientDefaults.COMPLETE_INITIAL_DELAY, "400");
        HadoopClientDefaults.apply(conf);
        assertEquals(400, conf.getInt(HadoopClientDefaults.COMPLETE_INITIAL_DELAY, -1));
        assertEquals(8, conf.getInt(HadoopClientDefaults.COMPLETE_RETRIES, -1));
    }

    @Test
    void keepsWhatASiteFileSets(@TempDir Path dir) throws Exception {
        Path site = dir.resolve("hdfs-site.xml");
        Files.writeString(site, "<configuration><property><name>" + HadoopClientDefaults.COMPLETE_RETRIES
                + "</name><value>3</value></property></configuration>");
        org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration();
        conf.addResource(new org.apache.hadoop.fs.Path(site.toUri()));
        HadoopClientDefaults.apply(conf);
        assertEquals(3, conf.getInt(HadoopClientDefaults.COMPLETE_RETRIES, -1));
        assertEquals(50, conf.getInt(HadoopClientDefaults.COMPLETE_INITIAL_DELAY, -1));
    }
}
