package io.sluice.config;

import java.util.List;

/** The options of the runtime module. */
public final class RuntimeConfigOptionsProvider implements ConfigOptionsProvider {

    @Override
    public List<Class<?>> optionClasses() {
        return List.of(
                CoreOptions.class,
                JobManagerOptions.class,
                TaskManagerOptions.class,
                ResourceManagerOptions.class,
                HeartbeatOptions.class,
                RestartStrategyOptions.class,
                CheckpointingOptions.class,
                FileSinkOptions.class,
                RpcOptions.class,
                RestOptions.class,
                NetworkOptions.class,
                io.sluice.config.EventTimeOptions.class,
                HighAvailabilityOptions.class,
                ClassLoaderOptions.class);
    }

    @Override
    public void validate(Configuration config) {
        HeartbeatOptions.validate(config);
        RestartStrategyOptions.validate(config);
    }
}
