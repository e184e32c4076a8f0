package io.sluice.streaming.operators;

import io.sluice.api.functions.FlatMapFunction;
import io.sluice.api.functions.KeySelector;
import io.sluice.network.StreamRecord;
import java.util.Objects;

/** A flatMap on a keyed stream: a rich function gets keyed state through its runtime context. */
public final class KeyedFlatMapOperator<K, IN, OUT> extends AbstractKeyedOperator<K, IN, OUT> {

    private static final long serialVersionUID = 1L;

    private final FlatMapFunction<IN, OUT> function;

    @Override
    protected Object userFunction() {
        return function;
    }
    private transient TimestampedCollector<OUT> collector;

    public KeyedFlatMapOperator(KeySelector<IN, K> keySelector, FlatMapFunction<IN, OUT> function) {
        super(keySelector);
        this.function = Objects.requireNonNull(function, "flatMap function must not be null");
    }

    @Override
    public void open() throws Exception {
        collector = new TimestampedCollector<>(output);
        UserFunctions.open(function, runtimeContext());
    }

    @Override
    protected void processKeyed(StreamRecord<IN> record) throws Exception {
        collector.setTimestampFrom(record);
        function.flatMap(record.getValue(), collector);
    }

    @Override
    public void close() throws Exception {
        super.close();
        UserFunctions.close(function);
    }
}
