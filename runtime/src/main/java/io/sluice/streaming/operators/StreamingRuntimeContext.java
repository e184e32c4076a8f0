package io.sluice.streaming.operators;

import io.sluice.api.functions.RuntimeContext;
import io.sluice.api.state.AggregatingState;
import io.sluice.api.state.AggregatingStateDescriptor;
import io.sluice.state.HeapKeyedStateBackend;
import io.sluice.api.state.ListState;
import io.sluice.api.state.ListStateDescriptor;
import io.sluice.api.state.MapState;
import io.sluice.api.state.MapStateDescriptor;
import io.sluice.api.state.ReducingState;
import io.sluice.api.state.ReducingStateDescriptor;
import io.sluice.api.state.StateDescriptor;
import io.sluice.api.state.State;
import io.sluice.api.state.ValueState;
import io.sluice.api.state.ValueStateDescriptor;
import io.sluice.streaming.OperatorContext;
import java.util.Map;

/** The runtime context operators hand to rich functions; keyed state only when the operator is keyed. */
public final class StreamingRuntimeContext implements RuntimeContext {

    private final OperatorContext context;
    private final HeapKeyedStateBackend<?> backend;

    /** @param backend the operator's keyed state, or null for an operator on a non-keyed stream */
    public StreamingRuntimeContext(OperatorContext context, HeapKeyedStateBackend<?> backend) {
        this.context = context;
        this.backend = backend;
    }

    @Override
    public String getTaskName() {
        return context.taskName();
    }

    @Override
    public String getOperatorName() {
        return context.operatorName();
    }

    @Override
    public int getIndexOfThisSubtask() {
        return context.subtaskIndex();
    }

    @Override
    public int getNumberOfParallelSubtasks() {
        return context.parallelism();
    }

    @Override
    public int getMaxNumberOfParallelSubtasks() {
        return context.maxParallelism();
    }

    @Override
    public int getAttemptNumber() {
        return context.attemptNumber();
    }

    @Override
    public String getJobName() {
        return context.jobName();
    }

    @Override
    public Map<String, String> getJobConfiguration() {
        return context.jobConfiguration();
    }

    @Override
    public ClassLoader getUserCodeClassLoader() {
        return context.userClassLoader();
    }

    @Override
    public <T> ValueState<T> getState(ValueStateDescriptor<T> descriptor) {
        return keyed(descriptor);
    }

    @Override
    public <T> ListState<T> getListState(ListStateDescriptor<T> descriptor) {
        return keyed(descriptor);
    }

    @Override
    public <UK, UV> MapState<UK, UV> getMapState(MapStateDescriptor<UK, UV> descriptor) {
        return keyed(descriptor);
    }

    @Override
    public <T> ReducingState<T> getReducingState(ReducingStateDescriptor<T> descriptor) {
        return keyed(descriptor);
    }

    @Override
    public <IN, ACC, OUT> AggregatingState<IN, OUT> getAggregatingState(AggregatingStateDescriptor<IN, ACC, OUT> descriptor) {
        return keyed(descriptor);
    }

    private <S extends State> S keyed(StateDescriptor<S> descriptor) {
        if (backend == null) {
            throw new UnsupportedOperationException("keyed state (" + descriptor + ") is only available on a keyed stream: "
                    + "apply operator '" + context.operatorName() + "' after keyBy(...)");
        }
        return backend.getState(descriptor);
    }
}
