package io.sluice.ha;

import io.sluice.config.Configuration;
import io.sluice.config.HighAvailabilityOptions;
import io.sluice.config.IllegalConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Picks the high-availability services named by {@code high-availability.type}. */
public final class HighAvailabilityServicesLoader {

    private HighAvailabilityServicesLoader() {}

    /**
     * @param standaloneResourceManagerAddress where the ResourceManager is when there is no HA
     *     (from jobmanager.rpc.address/port); null in the JobManager itself
     */
    public static HighAvailabilityServices load(Configuration config, String standaloneResourceManagerAddress)
            throws Exception {
        return load(config, standaloneResourceManagerAddress, false);
    }

    /** Services for a TaskManager: leader retrieval only (see {@link HighAvailabilityServicesFactory#createForTaskManager}). */
    public static HighAvailabilityServices loadForTaskManager(Configuration config, String standaloneResourceManagerAddress)
            throws Exception {
        return load(config, standaloneResourceManagerAddress, true);
    }

    /** Whether high-availability.type names an implementation (anything but none). */
    public static boolean isHighlyAvailable(Configuration config) {
        return !type(config).equals(HighAvailabilityOptions.NONE);
    }

    private static String type(Configuration config) {
        return config.get(HighAvailabilityOptions.TYPE).trim().toLowerCase(java.util.Locale.ROOT);
    }

    private static HighAvailabilityServices load(Configuration config, String standaloneResourceManagerAddress,
                                                 boolean taskManager) throws Exception {
        String type = type(config);
        if (type.equals(HighAvailabilityOptions.NONE)) {
            return new StandaloneHighAvailabilityServices(standaloneResourceManagerAddress);
        }
        List<String> known = new ArrayList<>();
        for (HighAvailabilityServicesFactory factory : ServiceLoader.load(HighAvailabilityServicesFactory.class,
                HighAvailabilityServicesLoader.class.getClassLoader())) {
            if (factory.type().equalsIgnoreCase(type)) {
                return taskManager ? factory.createForTaskManager(config) : factory.create(config);
            }
            known.add(factory.type());
        }
        throw new IllegalConfigurationException("'" + HighAvailabilityOptions.TYPE.key() + "' is '" + type
                + "' but no such high-availability implementation is on the classpath (found: none"
                + (known.isEmpty() ? "" : ", " + String.join(", ", known)) + "). For zookeeper, put the sluice-ha "
                + "jar and its dependencies (curator, zookeeper) into lib/.");
    }
}
