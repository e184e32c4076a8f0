package io.sluice.ha.zookeeper;

import io.sluice.config.Configuration;
import io.sluice.ha.HighAvailabilityServices;
import io.sluice.ha.HighAvailabilityServicesFactory;

/** {@code high-availability.type: zookeeper}; found by runtime through ServiceLoader. */
public final class ZooKeeperHaServicesFactory implements HighAvailabilityServicesFactory {

    @Override
    public String type() {
        return "zookeeper";
    }

    @Override
    public HighAvailabilityServices create(Configuration configuration) throws Exception {
        // Hadoop's own configuration (core-site.xml / hdfs-site.xml from the classpath or HADOOP_CONF_DIR)
        return ZooKeeperHaServices.create(configuration, io.sluice.config.HadoopClientDefaults.create());
    }

    @Override
    public HighAvailabilityServices createForTaskManager(Configuration configuration) throws Exception {
        return ZooKeeperHaServices.createForLeaderRetrieval(configuration);
    }
}
