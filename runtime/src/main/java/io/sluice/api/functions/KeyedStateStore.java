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

/** Hands out keyed state handles: per key (runtime context, global window state) or per key and window. */
public interface KeyedStateStore {

    <T> ValueState<T> getState(ValueStateDescriptor<T> descriptor);

    <T> ListState<T> getListState(ListStateDescriptor<T> descriptor);

    <UK, UV> MapState<UK, UV> getMapState(MapStateDescriptor<UK, UV> descriptor);

    <T> ReducingState<T> getReducingState(ReducingStateDescriptor<T> descriptor);

    <IN, ACC, OUT> AggregatingState<IN, OUT> getAggregatingState(AggregatingStateDescriptor<IN, ACC, OUT> descriptor);
}
