package io.sluice.connector.kafka;

import io.sluice.api.connector.ConnectorContext;
import java.util.Map;
import java.util.OptionalLong;

/** What the engine tells a reader about its instance, for tests that drive readers by hand. */
record TestContext(int subtaskIndex, int parallelism, int attemptNumber, OptionalLong restoredCheckpointId)
        implements ConnectorContext {

    static TestContext of(int subtask, int parallelism) {
        return new TestContext(subtask, parallelism, 0, OptionalLong.empty());
    }

    @Override
    public String taskName() {
        return "Kafka source (" + (subtaskIndex + 1) + "/" + parallelism + ")";
    }

    @Override
    public Map<String, String> jobConfiguration() {
        return Map.of();
    }

    @Override
    public boolean isCheckpointingEnabled() {
        return true;
    }

    @Override
    public ClassLoader userCodeClassLoader() {
        return getClass().getClassLoader();
    }
}
