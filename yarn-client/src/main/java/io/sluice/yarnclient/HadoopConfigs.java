package io.sluice.yarnclient;

import io.sluice.config.Configuration;
import io.sluice.config.HadoopClientDefaults;
import java.io.File;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * The Hadoop configuration of the client and the containers: the cluster's site files
 * (HADOOP_CONF_DIR / YARN_CONF_DIR on the client, the shipped copies in containers), then
 * {@code sluice.hadoop.<key>} values and Hadoop keys ({@code yarn.*}, {@code fs.*}, {@code dfs.*})
 * that are not Sluice options, from sluice.yaml or {@code -D}.
 */
public final class HadoopConfigs {

    private HadoopConfigs() {}

    /** The client's configuration; fails with a message saying what to set when there is no cluster configuration. */
    public static YarnConfiguration forClient(Configuration config, Map<String, String> env) {
        String dir = env.getOrDefault("YARN_CONF_DIR", env.get("HADOOP_CONF_DIR"));
        String variable = env.containsKey("YARN_CONF_DIR") ? "YARN_CONF_DIR" : "HADOOP_CONF_DIR";
        YarnConfiguration yarn = new YarnConfiguration();
        if (dir == null || dir.isBlank()) {
            if (!config.containsKey(YarnOptions.HADOOP_PREFIX + YarnConfiguration.RM_ADDRESS)) {
                throw new IllegalArgumentException("HADOOP_CONF_DIR is not set, so the YARN cluster is unknown: export "
                        + "HADOOP_CONF_DIR (or YARN_CONF_DIR) as the directory holding the cluster's core-site.xml and "
                        + "yarn-site.xml, e.g. export HADOOP_CONF_DIR=/etc/hadoop/conf");
            }
        } else {
            File confDir = new File(dir);
            if (!new File(confDir, "yarn-site.xml").isFile() && !new File(confDir, "core-site.xml").isFile()) {
                throw new IllegalArgumentException(variable + "=" + dir + " holds neither yarn-site.xml nor core-site.xml: "
                        + "point it at the directory with the cluster's Hadoop configuration");
            }
            for (String name : AppMasterContract.HADOOP_SITE_FILES) {
                File f = new File(confDir, name);
                if (f.isFile()) {
                    yarn.addResource(new Path(f.toURI()));
                }
            }
        }
        applyOverrides(yarn, config);
        long connectMs = config.get(YarnOptions.RM_CONNECT_TIMEOUT).toMillis();
        if (!config.containsKey(YarnOptions.HADOOP_PREFIX + YarnConfiguration.RESOURCEMANAGER_CONNECT_MAX_WAIT_MS)) {
            // Hadoop's default keeps a client retrying an unreachable ResourceManager for 15 minutes.
            yarn.setLong(YarnConfiguration.RESOURCEMANAGER_CONNECT_MAX_WAIT_MS, connectMs);
            yarn.setLong(YarnConfiguration.RESOURCEMANAGER_CONNECT_RETRY_INTERVAL_MS, Math.min(1000, connectMs));
            yarn.setInt("ipc.client.connect.max.retries", 2);
            yarn.setInt("ipc.client.connect.max.retries.on.timeouts", 2);
        }
        return HadoopClientDefaults.apply(yarn);
    }

    /** Inside a container: the shipped site files are on the classpath ($PWD); sluice.yaml may override. */
    public static YarnConfiguration forContainer(Configuration config) {
        YarnConfiguration yarn = new YarnConfiguration();
        applyOverrides(yarn, config);
        return HadoopClientDefaults.apply(yarn);
    }

    static void applyOverrides(org.apache.hadoop.conf.Configuration hadoop, Configuration config) {
        Set<String> sluiceKeys = sluiceYarnKeys();
        for (Map.Entry<String, String> e : config.toMap().entrySet()) {
            String key = e.getKey();
            if (key.startsWith(YarnOptions.HADOOP_PREFIX)) {
                hadoop.set(key.substring(YarnOptions.HADOOP_PREFIX.length()), e.getValue());
            } else if ((key.startsWith("yarn.") || key.startsWith("fs.") || key.startsWith("dfs."))
                    && !sluiceKeys.contains(key)) {
                hadoop.set(key, e.getValue());
            }
        }
    }

    private static Set<String> sluiceYarnKeys() {
        Set<String> keys = new HashSet<>();
        for (Field f : YarnOptions.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == io.sluice.config.ConfigOption.class) {
                try {
                    keys.add(((io.sluice.config.ConfigOption<?>) f.get(null)).key());
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return keys;
    }
}
