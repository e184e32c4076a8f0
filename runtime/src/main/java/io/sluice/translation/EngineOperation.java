package io.sluice.translation;

import io.sluice.api.streamgraph.Operation;
import io.sluice.streaming.StreamOperator;
import java.util.Objects;

/**
 * An operator of the engine itself, handed to the API as an operation ({@code transform},
 * {@code addSource}, {@code addSink}): for the runtime's own tests and benchmarks, which drive the
 * operator interface directly. Jobs use the API's functions and the public source and sink interfaces.
 */
public record EngineOperation(StreamOperator<?> operator) implements Operation {

    public EngineOperation {
        Objects.requireNonNull(operator, "operator must not be null");
    }

    public static EngineOperation of(StreamOperator<?> operator) {
        return new EngineOperation(operator);
    }
}
