package io.sluice.config;

import java.util.Arrays;
import java.util.Map;

/**
 * Hadoop client settings Sluice changes from Hadoop's defaults, for every Hadoop
 * {@code Configuration} it creates (client staging, the ApplicationMaster, high-availability storage,
 * file sources and sinks). A value set in a site file or through {@code -D} always wins.
 *
 * <p>Closing an HDFS file asks the NameNode to complete it; when the DataNode has not yet reported
 * the last block (usual for small files, since the report is asynchronous), the client sleeps and
 * asks again. Hadoop's first sleep is 400 ms, so every small file Sluice writes (staged conf files,
 * job graphs, jars in the HA store) often cost 0.4 s of nothing on the deployment path. A 50 ms first
 * sleep with three more doublings keeps the same total patience (about 12.7 s against Hadoop's 12.4 s
 * before the close fails).
 *
 * <p>Call it after every resource has been added: a value set here overrides resources added later.
 */
public final class HadoopClientDefaults {

    static final String COMPLETE_INITIAL_DELAY = "dfs.client.block.write.locateFollowingBlock.initial.delay.ms";
    static final String COMPLETE_RETRIES = "dfs.client.block.write.locateFollowingBlock.retries";

    private static final Map<String, String> DEFAULTS = Map.of(
            COMPLETE_INITIAL_DELAY, "50",
            COMPLETE_RETRIES, "8");

    private HadoopClientDefaults() {}

    /** A new Hadoop configuration (site files from the classpath) with Sluice's defaults. */
    public static org.apache.hadoop.conf.Configuration create() {
        return apply(new org.apache.hadoop.conf.Configuration());
    }

    /** Sets Sluice's defaults where neither a site file nor the user set the key; returns {@code conf}. */
    public static <C extends org.apache.hadoop.conf.Configuration> C apply(C conf) {
        // what HdfsConfiguration does once loaded: without it, a value in hdfs-site.xml would not be seen
        // here yet, and the value set below would then override it
        org.apache.hadoop.conf.Configuration.addDefaultResource("hdfs-default.xml");
        org.apache.hadoop.conf.Configuration.addDefaultResource("hdfs-site.xml");
        DEFAULTS.forEach((key, value) -> {
            if (!isSetByUser(conf, key)) {
                conf.set(key, value, "Sluice default (io.sluice.config.HadoopClientDefaults)");
            }
        });
        return conf;
    }

    /** Set anywhere but in Hadoop's own *-default.xml files. */
    private static boolean isSetByUser(org.apache.hadoop.conf.Configuration conf, String key) {
        String[] sources = conf.getPropertySources(key);
        return sources != null && !Arrays.stream(sources).allMatch(s -> s.endsWith("-default.xml"));
    }
}
