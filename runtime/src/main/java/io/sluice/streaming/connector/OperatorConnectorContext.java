package io.sluice.streaming.connector;

import io.sluice.api.connector.ConnectorContext;
import io.sluice.config.CheckpointingOptions;
import io.sluice.config.Configuration;
import io.sluice.streaming.OperatorContext;
import java.util.Map;
import java.util.OptionalLong;

/** What a source reader or sink writer sees of the operator it runs in. */
public record OperatorConnectorContext(OperatorContext operator, OptionalLong restoredCheckpointId) implements ConnectorContext {

    @Override
    public int subtaskIndex() {
        return operator.subtaskIndex();
    }

    @Override
    public int parallelism() {
        return operator.parallelism();
    }

    @Override
    public int attemptNumber() {
        return operator.attemptNumber();
    }

    @Override
    public String taskName() {
        return operator.taskName();
    }

    @Override
    public Map<String, String> jobConfiguration() {
        return operator.jobConfiguration();
    }

    @Override
    public boolean isCheckpointingEnabled() {
        return CheckpointingOptions.isEnabled(Configuration.fromMap(operator.jobConfiguration()));
    }

    @Override
    public ClassLoader userCodeClassLoader() {
        return operator.userClassLoader();
    }
}
