package io.sluice.sandbox;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;

/**
 * Writes a running embedded cluster's configuration as a Hadoop conf dir (core-site.xml,
 * hdfs-site.xml, yarn-site.xml) for client JVMs outside it, as an admin would hand out the conf dir of
 * a real cluster.
 *
 * <p>Only settings that differ from Hadoop's shipped defaults are written, split by prefix
 * ({@code yarn.*} to yarn-site, {@code dfs.*} to hdfs-site, the rest to core-site); settings that only
 * make sense inside the mini cluster JVM (or need its test classes) are left out, so the client sees an ordinary cluster.
 */
final class HadoopConfDir {

    private HadoopConfDir() {}

    static void write(Configuration live, Path dir) throws IOException {
        Configuration defaults = new Configuration(false);
        defaults.addResource("core-default.xml");
        defaults.addResource("hdfs-default.xml");
        defaults.addResource("yarn-default.xml");
        defaults.addResource("mapred-default.xml");

        Configuration core = new Configuration(false);
        Configuration hdfs = new Configuration(false);
        Configuration yarn = new Configuration(false);
        for (Map.Entry<String, String> entry : live) {
            String key = entry.getKey();
            String value = live.getRaw(key);
            if (value == null || isMiniClusterInternal(key) || Objects.equals(value, defaults.getRaw(key))) {
                continue;
            }
            Configuration target = key.startsWith("yarn.") ? yarn : key.startsWith("dfs.") ? hdfs : core;
            target.set(key, value);
        }
        Files.createDirectories(dir);
        writeAtomically(core, dir.resolve("core-site.xml"));
        writeAtomically(hdfs, dir.resolve("hdfs-site.xml"));
        writeAtomically(yarn, dir.resolve("yarn-site.xml"));
    }

    /** Mini-cluster switches, RPC engine registrations made at class loading, and MapReduce settings. */
    private static boolean isMiniClusterInternal(String key) {
        return key.startsWith("yarn.minicluster.") || key.equals("yarn.is.minicluster")
                || key.startsWith("hdfs.minidfs.") || key.equals("test.build.data")
                || key.startsWith("rpc.engine.")
                || key.startsWith("mapreduce.") || key.startsWith("mapred.") || key.startsWith("yarn.app.mapreduce.")
                || key.equals("map.sort.class")
                // MiniDFSCluster's StaticMapping lives in Hadoop's test jar, which real clients do not have
                || key.equals("net.topology.node.switch.mapping.impl");
    }

    /** A reader never sees a half-written file: write a sibling, then rename. */
    private static void writeAtomically(Configuration conf, Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            conf.writeXml(out);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
