package ${package};

import io.sluice.api.functions.Collector;
import io.sluice.api.functions.KeyedProcessFunction;
import io.sluice.api.state.ValueState;
import io.sluice.api.state.ValueStateDescriptor;

/**
 * Keeps each sensor's running total in keyed state and emits {@code sensor,sequence,total} per
 * reading. The state is part of every checkpoint, so after a failure the total goes on from the
 * restored checkpoint, exactly as far as the restored source position.
 */
public final class RunningTotal extends KeyedProcessFunction<Integer, Reading, String> {

    private static final long serialVersionUID = 1L;

    private transient ValueState<Long> total;

    @Override
    public void open() {
        total = getRuntimeContext().getState(new ValueStateDescriptor<>("total", Long.class));
    }

    @Override
    public void processElement(Reading reading, Context ctx, Collector<String> out) throws Exception {
        Long before = total.value();
        long now = (before == null ? 0 : before) + reading.value();
        total.update(now);
        out.collect("sensor-" + reading.sensor() + "," + reading.sequence() + "," + now);
    }
}
