package io.sluice.api.functions;

import io.sluice.state.AggregatingState;
import io.sluice.state.AggregatingStateDescriptor;
import io.sluice.state.ListState;
import io.sluice.state.ListStateDescriptor;
import io.sluice.state.MapState;
import io.sluice.state.MapStateDescriptor;
import io.sluice.state.ReducingState;
import io.sluice.state.ReducingStateDescriptor;
import io.sluice.state.ValueState;
import io.sluice.state.ValueStateDescriptor;
import java.util.Map;

/**
 * What a rich function knows about the parallel instance it runs in, and its keyed state. State
 * handles are scoped to the key of the record (or timer) being processed; they are available only
 * in functions applied to a keyed stream ({@code keyBy(...)} first).
 */
public interface RuntimeContext {

    String getTaskName();

    String getOperatorName();

    int getIndexOfThisSubtask();

    int getNumberOfParallelSubtasks();

    /** Number of key groups; the highest parallelism keyed state can be rescaled to. */
    int getMaxNumberOfParallelSubtasks();

    int getAttemptNumber();

    String getJobName();

    Map<String, String> getJobConfiguration();

    ClassLoader getUserCodeClassLoader();

    <T> ValueState<T> getState(ValueStateDescriptor<T> descriptor);

    <T> ListState<T> getListState(ListStateDescriptor<T> descriptor);

    <UK, UV> MapState<UK, UV> getMapState(MapStateDescriptor<UK, UV> descriptor);

    <T> ReducingState<T> getReducingState(ReducingStateDescriptor<T> descriptor);

    <IN, ACC, OUT> AggregatingState<IN, OUT> getAggregatingState(AggregatingStateDescriptor<IN, ACC, OUT> descriptor);
}
