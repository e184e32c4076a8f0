package io.sluice.streaming.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.DataStream;
import io.sluice.api.OutputTag;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.functions.AggregateFunction;
import io.sluice.api.functions.Collector;
import io.sluice.api.state.ValueState;
import io.sluice.api.state.ValueStateDescriptor;
import io.sluice.api.streamgraph.OneInputTransformation;
import io.sluice.api.tuple.Tuple2;
import io.sluice.api.tuple.Tuple3;
import io.sluice.api.windowing.ProcessWindowFunction;
import io.sluice.api.windowing.WindowedStream;
import io.sluice.api.windowing.assigners.EventTimeSessionWindows;
import io.sluice.api.windowing.assigners.ProcessingTimeSessionWindows;
import io.sluice.api.windowing.assigners.SlidingEventTimeWindows;
import io.sluice.api.windowing.assigners.SlidingProcessingTimeWindows;
import io.sluice.api.windowing.assigners.TumblingEventTimeWindows;
import io.sluice.api.windowing.assigners.TumblingProcessingTimeWindows;
import io.sluice.api.windowing.assigners.WindowAssigner;
import io.sluice.api.windowing.windows.TimeWindow;
import io.sluice.api.windowing.windows.Window;
import io.sluice.network.StreamRecord;
import io.sluice.streaming.OneInputOperator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Window operators built through {@link WindowedStream}, driven record by record with watermarks and a manual clock. */
class WindowOperatorTest {

    static final OutputTag<Tuple2<String, Long>> LATE = new OutputTag<>("late");

    private static DataStream<Tuple2<String, Long>> input() {
        return StreamEnvironment.getExecutionEnvironment().fromSequence(0, 1).map(v -> Tuple2.of("x", v));
    }

    @SuppressWarnings("unchecked")
    private static <W extends Window, R> OneInputOperatorTestHarness<Tuple2<String, Long>, R> harness(
            WindowAssigner<Object, W> assigner, Function<WindowedStream<Tuple2<String, Long>, String, W>, DataStream<R>> build)
            throws Exception {
        return harness(build.apply(new WindowedStream<>(input(), Tuple2::f0, assigner)));
    }

    @SuppressWarnings("unchecked")
    private static <R> OneInputOperatorTestHarness<Tuple2<String, Long>, R> harness(DataStream<R> result) throws Exception {
        OneInputOperator<Tuple2<String, Long>, R> operator = (OneInputOperator<Tuple2<String, Long>, R>)
                WindowOperators.create((io.sluice.api.streamgraph.Operations.Window<?, ?>)
                        ((OneInputTransformation<?, R>) result.getTransformation()).operation());
        return new OneInputOperatorTestHarness<Tuple2<String, Long>, R>(operator).open();
    }

    private static Tuple2<String, Long> t(String key, long value) {
        return Tuple2.of(key, value);
    }

    private static <T> Set<T> set(List<T> values) {
        return new HashSet<>(values);
    }

    @Test
    void tumblingEventTimeWindowsWithOutOfOrderInputFireExactlyTheExpectedWindows() throws Exception {
        var h = harness(TumblingEventTimeWindows.of(Duration.ofMillis(10)), w -> w.sum(1));
        h.processElement(t("a", 1), 3);
        h.processElement(t("b", 1), 12);
        h.processElement(t("a", 1), 1);
        h.processElement(t("a", 1), 15);
        h.processElement(t("a", 1), 9); // out of order, still in [0, 10)
        h.processWatermark(8);
        assertEquals(List.of(), h.takeValues());
        h.processElement(t("b", 1), 7); // out of order, before the watermark passed its window
        h.processWatermark(9);
        assertEquals(set(List.of(new StreamRecord<>(t("a", 3), 9), new StreamRecord<>(t("b", 1), 9))),
                set(h.output().records()), "window [0,10) of each key, stamped with the window's max timestamp 9");
        h.takeValues();
        h.processWatermark(25);
        assertEquals(List.of(t("a", 1), t("b", 1)).size(), h.values().size() - 2);
        assertEquals(set(List.of(t("a", 1), t("b", 1))), set(h.takeValues()), "window [10,20) of each key");
        assertEquals(0, ((WindowOperator<?, ?, ?, ?, ?>) h.operator()).getKeyedStateBackend().numberOfEntries("_window-contents"),
                "fired windows leave no state behind");
    }

    @Test
    void slidingEventTimeWindowsPutARecordIntoEveryOverlappingWindow() throws Exception {
        var h = harness(SlidingEventTimeWindows.of(Duration.ofMillis(10), Duration.ofMillis(5)), w -> w
                .process(new WindowBounds()));
        h.processElement(t("a", 1), 7);
        h.processElement(t("a", 1), 12);
        h.endInput();
        // [0,10) has 7; [5,15) has 7 and 12; [10,20) has 12
        assertEquals(List.of("a[0,10)=1", "a[5,15)=2", "a[10,20)=1"), h.values());
    }

    /** Emits key, window bounds and record count: a process window function with window metadata. */
    static final class WindowBounds extends ProcessWindowFunction<Tuple2<String, Long>, String, String, TimeWindow> {
        @Override
        public void process(String key, Context ctx, Iterable<Tuple2<String, Long>> elements, Collector<String> out) throws Exception {
            int n = 0;
            for (Tuple2<String, Long> ignored : elements) {
                n++;
            }
            out.collect(key + "[" + ctx.window().getStart() + "," + ctx.window().getEnd() + ")=" + n);
        }
    }

    @Test
    void sessionWindowsMergeWhenARecordBridgesThem() throws Exception {
        var h = harness(EventTimeSessionWindows.withGap(Duration.ofMillis(5)), w -> w.process(new WindowBounds()));
        h.processElement(t("a", 1), 1);   // [1,6)
        h.processElement(t("a", 1), 10);  // [10,15)
        h.processElement(t("b", 1), 2);   // other key: [2,7)
        h.processWatermark(4);
        h.processElement(t("a", 1), 5);   // [5,10) bridges both: [1,15)
        h.processWatermark(7);
        assertEquals(List.of("b[2,7)=1"), h.takeValues(), "the merged session is still open; old timers do not fire");
        h.processElement(t("a", 1), 3);   // inside the merged session
        h.processWatermark(14);
        assertEquals(List.of("a[1,15)=4"), h.takeValues());
        h.processWatermark(100);
        assertEquals(List.of(), h.takeValues());
        var op = (WindowOperator<?, ?, ?, ?, ?>) h.operator();
        assertEquals(0, op.getKeyedStateBackend().numberOfEntries("_window-contents"));
        assertEquals(0, op.getKeyedStateBackend().numberOfEntries("_window-merging-set"));
    }

    @Test
    void sessionsMergeIncrementalAggregatesToo() throws Exception {
        var h = harness(EventTimeSessionWindows.withGap(Duration.ofMillis(5)), w -> w.sum(1));
        h.processElement(t("a", 1), 1);
        h.processElement(t("a", 10), 10);
        h.processElement(t("a", 100), 5);
        h.processElement(t("a", 1000), 30);
        h.endInput();
        assertEquals(List.of(new StreamRecord<>(t("a", 111), 14), new StreamRecord<>(t("a", 1000), 34)), h.output().records());
    }

    @Test
    void allowedLatenessFiresUpdatedResultsThenLateRecordsGoToTheSideOutput() throws Exception {
        var h = harness(TumblingEventTimeWindows.of(Duration.ofMillis(10)),
                w -> w.allowedLateness(Duration.ofMillis(5)).sideOutputLateData(LATE).sum(1));
        h.processElement(t("a", 1), 1);
        h.processElement(t("a", 1), 2);
        h.processWatermark(10);
        assertEquals(List.of(t("a", 2)), h.takeValues());
        h.processElement(t("a", 1), 3); // late but within the allowed lateness: fires again with the update
        assertEquals(List.of(t("a", 3)), h.takeValues());
        h.processWatermark(13);
        h.processElement(t("a", 1), 4);
        assertEquals(List.of(t("a", 4)), h.takeValues());
        h.processWatermark(14); // window end 9 + lateness 5: state is gone
        h.processElement(t("a", 7), 5);
        assertEquals(List.of(), h.takeValues());
        assertEquals(List.of(t("a", 7)), h.output().sideOutputValues(LATE));
        assertEquals(0, ((WindowOperator<?, ?, ?, ?, ?>) h.operator()).getKeyedStateBackend().numberOfEntries("_window-contents"));
    }

    @Test
    void lateRecordsWithoutSideOutputAreDroppedAndCounted() throws Exception {
        var h = harness(TumblingEventTimeWindows.of(Duration.ofMillis(10)), w -> w.sum(1));
        h.processWatermark(20);
        h.processElement(t("a", 1), 5);
        h.processElement(t("a", 1), 25);
        h.endInput();
        assertEquals(List.of(t("a", 1)), h.values());
        assertEquals(1, ((WindowOperator<?, ?, ?, ?, ?>) h.operator()).lateRecordsDropped());
    }

    /** Average as (sum, count). */
    static final class Average implements AggregateFunction<Tuple2<String, Long>, long[], Double> {
        @Override
        public long[] createAccumulator() {
            return new long[2];
        }

        @Override
        public long[] add(Tuple2<String, Long> value, long[] acc) {
            acc[0] += value.f1();
            acc[1]++;
            return acc;
        }

        @Override
        public Double getResult(long[] acc) {
            return (double) acc[0] / acc[1];
        }

        @Override
        public long[] merge(long[] a, long[] b) {
            return new long[] {a[0] + b[0], a[1] + b[1]};
        }
    }

    /** Labels the pre-aggregated value with key and window, and counts firings per window in window state. */
    static final class Label extends ProcessWindowFunction<Double, Tuple3<String, Long, String>, String, TimeWindow> {
        @Override
        public void process(String key, Context ctx, Iterable<Double> elements, Collector<Tuple3<String, Long, String>> out)
                throws Exception {
            ValueState<Integer> firings = ctx.windowState().getState(new ValueStateDescriptor<>("firings"));
            int n = firings.value() == null ? 1 : firings.value() + 1;
            firings.update(n);
            out.collect(Tuple3.of(key, ctx.window().getStart(), elements.iterator().next() + "#" + n));
        }

        @Override
        public void clear(Context ctx) {
            ctx.windowState().getState(new ValueStateDescriptor<Integer>("firings")).clear();
        }
    }

    @Test
    void aggregateCombinedWithAProcessWindowFunction() throws Exception {
        var h = harness(TumblingEventTimeWindows.of(Duration.ofMillis(10)),
                w -> w.allowedLateness(Duration.ofMillis(100)).aggregate(new Average(), new Label()));
        h.processElement(t("a", 2), 1);
        h.processElement(t("a", 4), 2);
        h.processElement(t("b", 10), 15);
        h.processWatermark(20);
        assertEquals(set(List.of(Tuple3.of("a", 0L, "3.0#1"), Tuple3.of("b", 10L, "10.0#1"))), set(h.takeValues()));
        h.processElement(t("a", 9), 3);
        assertEquals(List.of(Tuple3.of("a", 0L, "5.0#2")), h.takeValues());
        h.processWatermark(1000);
        var backend = ((WindowOperator<?, ?, ?, ?, ?>) h.operator()).getKeyedStateBackend();
        assertEquals(0, backend.numberOfEntries("firings"), "clear() of the process function ran at cleanup");
        assertEquals(0, backend.numberOfEntries("_window-contents"));
    }

    static final class MaxLabel extends ProcessWindowFunction<Tuple2<String, Long>, String, String, TimeWindow> {
        @Override
        public void process(String key, Context ctx, Iterable<Tuple2<String, Long>> elements, Collector<String> out)
                throws Exception {
            out.collect(key + " max " + elements.iterator().next().f1() + " until " + ctx.window().maxTimestamp());
        }
    }

    @Test
    void reduceCombinedWithAProcessWindowFunction() throws Exception {
        var h = harness(TumblingEventTimeWindows.of(Duration.ofMillis(10)), w -> w.reduce(
                (a, b) -> Tuple2.of(a.f0(), Math.max(a.f1(), b.f1())),
                new MaxLabel()));
        h.processElement(t("a", 5), 1);
        h.processElement(t("a", 8), 2);
        h.processElement(t("a", 3), 3);
        h.endInput();
        assertEquals(List.of("a max 8 until 9"), h.values());
    }

    @Test
    void tumblingAndSlidingCountWindows() throws Exception {
        var tumbling = harness(WindowedStream.countWindow(input(), Tuple2::f0, 3).sum(1));
        var sliding = harness(WindowedStream.countWindow(input(), Tuple2::f0, 3, 1).sum(1));
        for (long v = 1; v <= 7; v++) {
            tumbling.processElement(t("a", v));
            sliding.processElement(t("a", v));
            tumbling.processElement(t("b", 10 * v));
        }
        tumbling.endInput();
        assertEquals(List.of(t("a", 6), t("b", 60), t("a", 15), t("b", 150)), tumbling.values(),
                "every 3 records per key; the incomplete window is not emitted");
        assertEquals(List.of(t("a", 1), t("a", 3), t("a", 6), t("a", 9), t("a", 12), t("a", 15), t("a", 18)), sliding.values(),
                "every record, over the last 3");
    }

    @Test
    void processingTimeWindowsFireOnTheClock() throws Exception {
        var tumbling = harness(TumblingProcessingTimeWindows.of(Duration.ofMillis(100)), w -> w.sum(1));
        var sliding = harness(SlidingProcessingTimeWindows.of(Duration.ofMillis(100), Duration.ofMillis(50)), w -> w.sum(1));
        for (var h : List.of(tumbling, sliding)) {
            h.setProcessingTime(10);
            h.processElement(t("a", 1));
            h.setProcessingTime(60);
            h.processElement(t("a", 1));
            h.setProcessingTime(120);
            h.processElement(t("a", 1));
        }
        tumbling.setProcessingTime(99);
        assertEquals(List.of(t("a", 2)), tumbling.takeValues());
        tumbling.setProcessingTime(199);
        assertEquals(List.of(t("a", 1)), tumbling.takeValues());
        assertEquals(new StreamRecord<>(t("a", 1), 199), tumbling.output().records().get(1));
        // sliding: [-50,50) gets 1 record, [0,100) 2, [50,150) 2, [100,200) 1; the first three already fired at 120
        sliding.setProcessingTime(300);
        assertEquals(List.of(t("a", 1), t("a", 2), t("a", 2), t("a", 1)), sliding.values());
    }

    @Test
    void processingTimeSessions() throws Exception {
        var h = harness(ProcessingTimeSessionWindows.withGap(Duration.ofMillis(50)), w -> w.sum(1));
        h.setProcessingTime(0);
        h.processElement(t("a", 1));
        h.setProcessingTime(30);
        h.processElement(t("a", 1));
        h.setProcessingTime(78);
        assertEquals(List.of(), h.takeValues(), "session [0,80) still open");
        h.setProcessingTime(79);
        assertEquals(List.of(t("a", 2)), h.takeValues());
    }

    @Test
    void eventTimeWindowsWithoutTimestampsFailWithAHint() throws Exception {
        var h = harness(TumblingEventTimeWindows.of(Duration.ofMillis(10)), w -> w.sum(1));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> h.processElement(t("a", 1)));
        assertTrue(e.getMessage().contains("assignTimestampsAndWatermarks"), e.getMessage());
    }

    @Test
    void windowStateAndTimersSurviveASnapshot() throws Exception {
        var h = harness(TumblingEventTimeWindows.of(Duration.ofMillis(10)), w -> w.sum(1));
        List<Tuple2<String, Long>> expected = new ArrayList<>();
        for (int k = 0; k < 10; k++) {
            h.processElement(t("k" + k, k), 5);
            h.processElement(t("k" + k, 1), 7);
            expected.add(t("k" + k, k + 1));
        }
        byte[] snapshot = h.snapshot();
        var restored = harness(TumblingEventTimeWindows.of(Duration.ofMillis(10)), w -> w.sum(1));
        var fresh = new OneInputOperatorTestHarness<Tuple2<String, Long>, Tuple2<String, Long>>(
                (OneInputOperator<Tuple2<String, Long>, Tuple2<String, Long>>) (OneInputOperator<?, ?>) restored.operator());
        fresh.restore(snapshot);
        fresh.open();
        fresh.processWatermark(9);
        assertEquals(set(expected), set(fresh.values()));
        assertEquals(10, fresh.values().size());
    }
}
