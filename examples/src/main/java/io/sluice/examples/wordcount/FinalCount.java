package io.sluice.examples.wordcount;

import io.sluice.api.functions.Collector;
import io.sluice.api.functions.KeyedProcessFunction;
import io.sluice.api.state.ValueState;
import io.sluice.api.state.ValueStateDescriptor;

/**
 * Counts the records of each key and emits {@code <key>\t<count>} once, when the input has ended.
 *
 * <p>How it knows: the first record of a key registers an event-time timer at {@code Long.MAX_VALUE}.
 * Only the final watermark that every task sends when its input ends reaches that time, so the
 * timer fires once per key, after the key's last record, on every bounded input; on an unbounded
 * input it never fires (use {@link WordCount}'s running counts there).
 */
public final class FinalCount extends KeyedProcessFunction<String, String, String> {

    private static final long serialVersionUID = 1L;

    private transient ValueState<Long> count;

    @Override
    public void open() {
        count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Long.class));
    }

    @Override
    public void processElement(String word, Context ctx, Collector<String> out) {
        Long current = count.value();
        if (current == null) {
            current = 0L;
            ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
        }
        count.update(current + 1);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) throws Exception {
        out.collect(ctx.getCurrentKey() + "\t" + count.value());
        count.update(null);
    }
}
