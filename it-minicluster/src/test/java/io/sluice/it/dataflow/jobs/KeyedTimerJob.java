package io.sluice.it.dataflow.jobs;

import io.sluice.api.StreamEnvironment;
import io.sluice.api.eventtime.WatermarkStrategy;
import io.sluice.api.functions.Collector;
import io.sluice.api.functions.KeyedProcessFunction;
import io.sluice.api.state.ValueState;
import io.sluice.api.state.ValueStateDescriptor;

/**
 * Test job: counts the numbers 1..count per key ({@code v % keys}) in keyed state and emits each
 * key's count once, from an event-time timer that fires with the final watermark at the end of
 * input. Also a running sum per key (keyBy().sum) to a second output. With {@code --fail-in-timer}
 * the timer callback throws.
 */
public final class KeyedTimerJob {

    private KeyedTimerJob() {
    }

    public static void main(String[] args) throws Exception {
        String output = null;
        long count = 100_000;
        long keys = 100;
        boolean failInTimer = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--output" -> output = args[++i];
                case "--count" -> count = Long.parseLong(args[++i]);
                case "--keys" -> keys = Long.parseLong(args[++i]);
                case "--fail-in-timer" -> failInTimer = true;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        long k = keys;
        StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.fromSequence(1, count)
                .assignTimestampsAndWatermarks(WatermarkStrategy.<Long>forMonotonousTimestamps()
                        .withTimestampAssigner((v, previous) -> v))
                .keyBy(v -> v % k)
                .process(new CountPerKey(failInTimer))
                .writeAsText(output);
        env.execute("keyed timers");
    }

    static final class CountPerKey extends KeyedProcessFunction<Long, Long, String> {
        private final boolean failInTimer;
        private transient ValueState<Long> count;

        CountPerKey(boolean failInTimer) {
            this.failInTimer = failInTimer;
        }

        @Override
        public void open() {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Long.class));
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<String> out) throws Exception {
            count.update(count.value() == null ? 1 : count.value() + 1);
            ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE - 1);
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) throws Exception {
            if (failInTimer) {
                rejectTimer(ctx.getCurrentKey());
            }
            out.collect(ctx.getCurrentKey() + "," + count.value());
        }

        static void rejectTimer(long key) {
            throw new IllegalStateException("timer of key " + key + " rejected on purpose");
        }
    }
}
