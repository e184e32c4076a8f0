package ${package};

import io.sluice.api.connector.ConnectorContext;
import java.util.Map;
import java.util.OptionalLong;

/** What the engine tells a reader or writer about its instance, for tests that run them by hand. */
record TestContext(int subtaskIndex, int parallelism, int attemptNumber, OptionalLong restoredCheckpointId)
        implements ConnectorContext {

    static TestContext fresh() {
        return new TestContext(0, 1, 0, OptionalLong.empty());
    }

    static TestContext restoredFrom(long checkpointId, int attemptNumber) {
        return new TestContext(0, 1, attemptNumber, OptionalLong.of(checkpointId));
    }

    @Override
    public String taskName() {
        return "test (1/1)";
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
