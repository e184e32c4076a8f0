package io.sluice.it.dataflow.jobs;

import io.sluice.api.DataStream;
import io.sluice.api.OutputTag;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.eventtime.WatermarkStrategy;
import io.sluice.api.functions.AggregateFunction;
import io.sluice.api.functions.Collector;
import io.sluice.api.tuple.Tuple3;
import io.sluice.api.windowing.ProcessWindowFunction;
import io.sluice.api.windowing.assigners.TumblingEventTimeWindows;
import io.sluice.api.windowing.windows.TimeWindow;
import java.time.Duration;

/**
 * Test job: event-time tumbling-window counts per key over out-of-order events, with deliberately
 * late events sent to a side output. One source emits the numbers 1..count at {@code rate} per
 * second (one source instance, so the watermark does not depend on how far apart two source
 * instances run); number {@code v} is an event of key {@code "k" + v % keys} at time
 * {@link #eventTime}{@code (v - 1)}. Positions divisible by {@code lateEvery} (from {@link #LATE_FROM}
 * on) also emit an event {@link #LATE_BY} ms in the past, far behind the watermark. The windows run
 * with parallelism 2, so keys are exchanged between the TaskManagers.
 *
 * <p>Windows are written to {@code --output} as {@code key,windowStart,count}; late events to
 * {@code --late-output} as {@code key,timestamp}.
 */
public final class WindowedCountJob {

    public static final long WINDOW = 1000;
    public static final long LATE_BY = 30_000;
    public static final long LATE_FROM = 8000;

    private WindowedCountJob() {
    }

    /** Out of order by up to 60 ms, positions 5 ms apart (at 1000 records/s event time runs 5x the clock). */
    public static long eventTime(long pos) {
        return pos * 5 - (pos % 7) * 10;
    }

    public static void main(String[] args) throws Exception {
        String output = null;
        String lateOutput = null;
        long count = 16_000;
        long rate = 1000;
        long keys = 10;
        long lateEvery = 250;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--output" -> output = args[i + 1];
                case "--late-output" -> lateOutput = args[i + 1];
                case "--count" -> count = Long.parseLong(args[i + 1]);
                case "--rate" -> rate = Long.parseLong(args[i + 1]);
                case "--keys" -> keys = Long.parseLong(args[i + 1]);
                case "--late-every" -> lateEvery = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        long k = keys;
        long every = lateEvery;
        OutputTag<Tuple3<String, Long, Boolean>> late = new OutputTag<>("late");
        StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        DataStream<Tuple3<String, Long, Boolean>> events = env.fromSequence(1, count, rate).setParallelism(1)
                .flatMap((Long v, Collector<Tuple3<String, Long, Boolean>> out) -> {
                    long pos = v - 1;
                    String key = "k" + v % k;
                    out.collect(Tuple3.of(key, eventTime(pos), false));
                    if (pos >= LATE_FROM && pos % every == 0) {
                        out.collect(Tuple3.of(key, eventTime(pos) - LATE_BY, true));
                    }
                }).setParallelism(1)
                .assignTimestampsAndWatermarks(WatermarkStrategy.<Tuple3<String, Long, Boolean>>forBoundedOutOfOrderness(
                        Duration.ofMillis(100)).withTimestampAssigner((event, previous) -> event.f1()))
                .setParallelism(1);
        DataStream<String> counts = events.keyBy(Tuple3::f0)
                .window(TumblingEventTimeWindows.of(Duration.ofMillis(WINDOW)))
                .sideOutputLateData(late)
                .aggregate(new Count(), new Format());
        counts.writeAsText(output);
        counts.getSideOutput(late).map(e -> e.f0() + "," + e.f1() + "," + e.f2()).writeAsText(lateOutput);
        env.execute("windowed count");
    }

    static final class Count implements AggregateFunction<Tuple3<String, Long, Boolean>, Long, Long> {
        @Override
        public Long createAccumulator() {
            return 0L;
        }

        @Override
        public Long add(Tuple3<String, Long, Boolean> value, Long acc) {
            return acc + 1;
        }

        @Override
        public Long getResult(Long acc) {
            return acc;
        }

        @Override
        public Long merge(Long a, Long b) {
            return a + b;
        }
    }

    static final class Format extends ProcessWindowFunction<Long, String, String, TimeWindow> {
        @Override
        public void process(String key, Context ctx, Iterable<Long> counts, Collector<String> out) throws Exception {
            out.collect(key + "," + ctx.window().getStart() + "," + counts.iterator().next());
        }
    }
}
