package io.sluice.streaming.source;

import io.sluice.api.common.JobId;
import io.sluice.streaming.CollectingOutput;
import io.sluice.streaming.ManualProcessingTimeService;
import io.sluice.streaming.OperatorContext;
import io.sluice.streaming.SourceOperator;
import io.sluice.streaming.StreamOperator;
import io.sluice.api.common.UserCodeSerialization;
import java.util.List;
import java.util.Map;

/** Drives one parallel instance of a source by hand, as the task would, through a serialized copy. */
final class SourceHarness {

    private SourceHarness() {
    }

    static OperatorContext context(String name, int subtaskIndex, int parallelism) {
        return new OperatorContext("0123456789abcdef0123456789abcdef", name,
                name + " (" + (subtaskIndex + 1) + "/" + parallelism + ")#0", subtaskIndex, parallelism, 128, 0,
                new JobId(1, 2), "test job", Map.of(), SourceHarness.class.getClassLoader(),
                new ManualProcessingTimeService());
    }

    /** A fresh instance as a subtask gets it: the operator after a Java serialization round trip. */
    @SuppressWarnings("unchecked")
    static <S extends StreamOperator<?>> S copy(S operator) throws Exception {
        return (S) UserCodeSerialization.deserialize(UserCodeSerialization.serialize(operator),
                SourceHarness.class.getClassLoader());
    }

    /** Runs a copy of {@code source} as subtask {@code index} of {@code parallelism} to its end. */
    static <T> List<T> runToEnd(io.sluice.api.connector.source.Source<T, ?> source, int index, int parallelism) throws Exception {
        ReaderDriver<T, ?> instance = new ReaderDriver<>(source);
        CollectingOutput<T> out = new CollectingOutput<>();
        instance.setup(context("source", index, parallelism), out);
        instance.open();
        try {
            while (instance.emitNext() == SourceOperator.Status.MORE_AVAILABLE) {
                // keep going
            }
            instance.finish();
        } finally {
            instance.close();
        }
        return out.values();
    }
}
