package io.sluice.ha.zookeeper;

import io.sluice.config.ConfigOptionsProvider;
import io.sluice.config.Configuration;
import io.sluice.config.IllegalConfigurationException;
import java.util.List;

/** Makes the ZooKeeper HA options known to the configuration loader and the docs. */
public final class ZooKeeperHaConfigOptionsProvider implements ConfigOptionsProvider {

    @Override
    public List<Class<?>> optionClasses() {
        return List.of(ZooKeeperHaOptions.class);
    }

    @Override
    public void validate(Configuration config) {
        String root = config.get(ZooKeeperHaOptions.PATH_ROOT);
        if (!root.startsWith("/") || root.length() < 2 || root.endsWith("/")) {
            throw new IllegalConfigurationException("'" + ZooKeeperHaOptions.PATH_ROOT.key() + "' is '" + root
                    + "': it must be an absolute ZooKeeper path such as /sluice (no trailing slash)");
        }
        String clusterId = config.get(ZooKeeperHaOptions.CLUSTER_ID);
        if (clusterId.isBlank() || clusterId.contains("/")) {
            throw new IllegalConfigurationException("'" + ZooKeeperHaOptions.CLUSTER_ID.key() + "' is '" + clusterId
                    + "': it must be a non-empty name without '/'");
        }
    }
}
