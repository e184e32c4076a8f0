package io.sluice.ha;

import io.sluice.config.Configuration;

/**
 * Creates high-availability services of one type. Implementations are listed in
 * {@code META-INF/services/io.sluice.ha.HighAvailabilityServicesFactory} and chosen by
 * {@code high-availability.type}; runtime itself knows none of them.
 */
public interface HighAvailabilityServicesFactory {

    /** The value of {@code high-availability.type} that selects this factory, e.g. {@code zookeeper}. */
    String type();

    /**
     * Connects to the backing services and checks that they can be used (reachable quorum,
     * writable storage directory); fails with a message that names the option to fix.
     */
    HighAvailabilityServices create(Configuration configuration) throws Exception;

    /**
     * Services for a TaskManager, which only retrieves leaders: implementations may skip what only
     * a JobManager needs (the storage directory), so that TaskManagers start faster.
     */
    default HighAvailabilityServices createForTaskManager(Configuration configuration) throws Exception {
        return create(configuration);
    }
}
