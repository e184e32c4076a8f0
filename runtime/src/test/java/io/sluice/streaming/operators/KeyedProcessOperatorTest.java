package io.sluice.streaming.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.OutputTag;
import io.sluice.api.functions.Collector;
import io.sluice.api.functions.KeyedProcessFunction;
import io.sluice.api.functions.TimeDomain;
import io.sluice.api.state.ValueState;
import io.sluice.api.state.ValueStateDescriptor;
import io.sluice.api.tuple.Tuple2;
import io.sluice.network.StreamRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyedProcessOperatorTest {

    static final OutputTag<String> ODD = new OutputTag<>("odd");

    /**
     * Counts per key; every record asks for an event-time timer at timestamp + 10 (rounded to tens,
     * so several records share one timer) and a processing-time timer at now + 100. A value of -1
     * deletes the key's pending event-time timer at 10.
     */
    static final class CountWithTimers extends KeyedProcessFunction<String, Tuple2<String, Long>, String> {
        private transient ValueState<Long> count;

        @Override
        public void open() {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Long.class));
        }

        @Override
        public void processElement(Tuple2<String, Long> value, Context ctx, Collector<String> out) throws Exception {
            if (value.f1() == -1) {
                ctx.timerService().deleteEventTimeTimer(10);
                return;
            }
            long c = count.value() == null ? 1 : count.value() + 1;
            count.update(c);
            ctx.timerService().registerEventTimeTimer(ctx.timestamp() / 10 * 10 + 10);
            ctx.timerService().registerProcessingTimeTimer(ctx.timerService().currentProcessingTime() + 100);
            if (value.f1() % 2 == 1) {
                ctx.output(ODD, ctx.getCurrentKey() + ":" + value.f1());
            }
            out.collect(ctx.getCurrentKey() + "=" + c);
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) throws Exception {
            String domain = ctx.timeDomain() == TimeDomain.EVENT_TIME ? "event" : "processing";
            out.collect(domain + "@" + timestamp + " " + ctx.getCurrentKey() + "=" + count.value());
        }
    }

    private static OneInputOperatorTestHarness<Tuple2<String, Long>, String> harness() throws Exception {
        return new OneInputOperatorTestHarness<Tuple2<String, Long>, String>(
                new KeyedProcessOperator<>(Tuple2::f0, new CountWithTimers())).open();
    }

    @Test
    void stateIsPerKeyAndEventTimersFireOnWatermarksWithTheirKeyCurrent() throws Exception {
        var h = harness();
        h.processElement(Tuple2.of("a", 2L), 1);
        h.processElement(Tuple2.of("b", 2L), 3);
        h.processElement(Tuple2.of("a", 4L), 7); // same timer (a, 10): deduplicated
        h.processElement(Tuple2.of("a", 6L), 12); // timer (a, 20)
        assertEquals(List.of("a=1", "b=1", "a=2", "a=3"), h.takeValues());

        h.processWatermark(9);
        assertEquals(List.of(), h.takeValues());
        h.processWatermark(15);
        List<String> fired = h.takeValues();
        assertEquals(2, fired.size());
        assertTrue(fired.containsAll(List.of("event@10 a=3", "event@10 b=1")), fired.toString());
        assertEquals(List.of(new io.sluice.api.eventtime.Watermark(9), new io.sluice.api.eventtime.Watermark(15)),
                h.output().watermarks(), "watermarks are forwarded after the timers fire");
        h.processWatermark(25);
        assertEquals(List.of("event@20 a=3"), h.takeValues());
    }

    @Test
    void timerOutputsCarryTheTimerTimestamp() throws Exception {
        var h = harness();
        h.processElement(Tuple2.of("a", 2L), 1);
        h.output().clear();
        h.processWatermark(10);
        StreamRecord<String> fired = h.output().records().get(0);
        assertEquals(new StreamRecord<>("event@10 a=1", 10), fired);
    }

    @Test
    void deletedTimersDoNotFire() throws Exception {
        var h = harness();
        h.processElement(Tuple2.of("a", 2L), 1);
        h.processElement(Tuple2.of("b", 2L), 1);
        h.processElement(Tuple2.of("a", -1L), 2);
        h.takeValues();
        h.processWatermark(100);
        assertEquals(List.of("event@10 b=1"), h.takeValues());
    }

    @Test
    void processingTimeTimersFireWhenTheClockReachesThem() throws Exception {
        var h = harness();
        h.setProcessingTime(1000);
        h.processElement(Tuple2.of("a", 2L), 1); // timer at 1100
        h.setProcessingTime(1050);
        h.processElement(Tuple2.of("b", 2L), 1); // timer at 1150
        h.processElement(Tuple2.of("a", 2L), 1); // timer at 1150 for a
        h.takeValues();
        h.setProcessingTime(1099);
        assertEquals(List.of(), h.takeValues());
        h.setProcessingTime(1100);
        assertEquals(List.of("processing@1100 a=2"), h.takeValues());
        h.setProcessingTime(2000);
        List<String> fired = h.takeValues();
        assertTrue(fired.containsAll(List.of("processing@1150 a=2", "processing@1150 b=1")) && fired.size() == 2, fired.toString());
        assertEquals(0, h.processingTimeService().pendingTimers(), "no wake-up call is left once no timers remain");
    }

    @Test
    void sideOutputCarriesTheRecordTimestamp() throws Exception {
        var h = harness();
        h.processElement(Tuple2.of("a", 3L), 5);
        h.processElement(Tuple2.of("a", 4L), 6);
        assertEquals(List.of("a:3"), h.output().sideOutputValues(ODD));
    }

    @Test
    void stateAndTimersSurviveASnapshotAndRescaling() throws Exception {
        var h = harness();
        for (int i = 0; i < 20; i++) {
            h.processElement(Tuple2.of("k" + i, 2L), 1);
        }
        h.setProcessingTime(50);
        byte[] snapshot = h.snapshot();
        h.close();

        // two new instances take the key groups they own: together they fire every timer once
        List<String> fired = new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) {
            var restored = new OneInputOperatorTestHarness<Tuple2<String, Long>, String>(
                    new KeyedProcessOperator<>(Tuple2::f0, new CountWithTimers()), i, 2, 128, java.util.Map.of());
            restored.restore(snapshot);
            restored.open();
            restored.processWatermark(10);
            restored.setProcessingTime(100);
            fired.addAll(restored.takeValues());
        }
        assertEquals(40, fired.size(), fired.toString());
        for (int i = 0; i < 20; i++) {
            assertTrue(fired.contains("event@10 k" + i + "=1"), fired.toString());
            assertTrue(fired.contains("processing@100 k" + i + "=1"), fired.toString());
        }
    }
}
