package io.sluice.streaming.operators;

import io.sluice.api.functions.KeySelector;
import io.sluice.api.functions.ReduceFunction;
import io.sluice.api.state.ValueState;
import io.sluice.api.state.ValueStateDescriptor;
import io.sluice.network.StreamRecord;
import java.util.Objects;

/**
 * Keyed reduce with streaming semantics: every record updates its key's aggregate and the updated
 * aggregate is emitted (also what sum/min/max/minBy/maxBy run on).
 */
public final class KeyedReduceOperator<K, T> extends AbstractKeyedOperator<K, T, T> {

    private static final long serialVersionUID = 1L;

    static final String STATE_NAME = "_reduce";

    private final ReduceFunction<T> function;

    @Override
    protected Object userFunction() {
        return function;
    }
    private transient ValueState<T> aggregate;

    public KeyedReduceOperator(KeySelector<T, K> keySelector, ReduceFunction<T> function) {
        super(keySelector);
        this.function = Objects.requireNonNull(function, "reduce function must not be null");
    }

    @Override
    public void open() throws Exception {
        aggregate = backend.getState(new ValueStateDescriptor<T>(STATE_NAME));
        UserFunctions.open(function, runtimeContext());
    }

    @Override
    protected void processKeyed(StreamRecord<T> record) throws Exception {
        T current = aggregate.value();
        T updated = current == null ? record.getValue() : function.reduce(current, record.getValue());
        aggregate.update(updated);
        output.collect(record.replace(updated));
    }

    @Override
    public void close() throws Exception {
        super.close();
        UserFunctions.close(function);
    }
}
