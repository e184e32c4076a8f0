package io.sluice.jobmaster;

import io.sluice.config.Configuration;
import io.sluice.config.RestartStrategyOptions;
import java.util.Map;

/** Builds the restart strategy of a job: the job's own settings over the cluster's. */
public final class RestartStrategies {

    private RestartStrategies() {}

    public static RestartStrategy create(Configuration cluster, Map<String, String> jobSettings) {
        Configuration effective = cluster.copy();
        jobSettings.forEach(effective::setString);
        return switch (effective.get(RestartStrategyOptions.TYPE)) {
            case NONE -> new NoRestartStrategy();
            case FIXED_DELAY -> new FixedDelayRestartStrategy(
                    effective.get(RestartStrategyOptions.FIXED_DELAY_ATTEMPTS),
                    effective.get(RestartStrategyOptions.FIXED_DELAY_DELAY));
        };
    }
}
