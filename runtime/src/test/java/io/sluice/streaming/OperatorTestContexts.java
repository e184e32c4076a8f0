package io.sluice.streaming;

import io.sluice.api.common.JobId;
import java.util.Map;

/** Operator contexts for driving a single operator by hand. */
final class OperatorTestContexts {

    private OperatorTestContexts() {
    }

    static OperatorContext of(String operatorName, int subtaskIndex, int parallelism, int attemptNumber) {
        return new OperatorContext("0123456789abcdef0123456789abcdef", operatorName,
                operatorName + " (" + (subtaskIndex + 1) + "/" + parallelism + ")#" + attemptNumber,
                subtaskIndex, parallelism, 128, attemptNumber, new JobId(1, 2), "test job", Map.of(),
                OperatorTestContexts.class.getClassLoader(), new ManualProcessingTimeService());
    }
}
