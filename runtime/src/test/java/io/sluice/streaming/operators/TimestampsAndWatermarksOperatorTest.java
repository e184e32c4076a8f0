package io.sluice.streaming.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.eventtime.Watermark;
import io.sluice.api.eventtime.WatermarkStatus;
import io.sluice.api.eventtime.WatermarkStrategy;
import io.sluice.api.tuple.Tuple2;
import io.sluice.config.IllegalConfigurationException;
import io.sluice.network.StreamRecord;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimestampsAndWatermarksOperatorTest {

    private static OneInputOperatorTestHarness<Tuple2<String, Long>, Tuple2<String, Long>> harness(
            WatermarkStrategy<Tuple2<String, Long>> strategy, String interval) throws Exception {
        return new OneInputOperatorTestHarness<>(new TimestampsAndWatermarksOperator<>(strategy), 0, 1, 128,
                interval == null ? Map.of() : Map.of("pipeline.auto-watermark-interval", interval));
    }

    private static WatermarkStrategy<Tuple2<String, Long>> bounded(long millis) {
        return WatermarkStrategy.<Tuple2<String, Long>>forBoundedOutOfOrderness(Duration.ofMillis(millis))
                .withTimestampAssigner((event, previous) -> event.f1());
    }

    @Test
    void stampsRecordsAndEmitsBoundedWatermarksEveryInterval() throws Exception {
        var h = harness(bounded(5), null).open();
        h.processElement(Tuple2.of("a", 100L));
        h.processElement(Tuple2.of("b", 120L));
        h.processElement(Tuple2.of("c", 110L)); // out of order: does not move the watermark back
        assertEquals(List.of(new StreamRecord<>(Tuple2.of("a", 100L), 100), new StreamRecord<>(Tuple2.of("b", 120L), 120),
                new StreamRecord<>(Tuple2.of("c", 110L), 110)), h.output().records());
        assertEquals(List.of(), h.output().watermarks(), "nothing before the first interval (default 200 ms)");
        h.setProcessingTime(199);
        assertEquals(List.of(), h.output().watermarks());
        h.setProcessingTime(200);
        assertEquals(List.of(new Watermark(114)), h.output().watermarks());
        h.setProcessingTime(400);
        assertEquals(List.of(new Watermark(114)), h.output().watermarks(), "an unchanged watermark is not repeated");
        h.processElement(Tuple2.of("d", 200L));
        h.setProcessingTime(600);
        assertEquals(List.of(new Watermark(114), new Watermark(194)), h.output().watermarks());
    }

    @Test
    void intervalComesFromTheJobConfigurationAndTheFinalWatermarkPassesThrough() throws Exception {
        var h = harness(bounded(0), "50 ms").open();
        h.processElement(Tuple2.of("a", 10L));
        h.processWatermark(1_000_000); // upstream watermarks are replaced by this operator's own
        h.setProcessingTime(50);
        assertEquals(List.of(new Watermark(9)), h.output().watermarks());
        h.endInput();
        assertEquals(List.of(new Watermark(9), Watermark.MAX_WATERMARK), h.output().watermarks());
    }

    @Test
    void invalidIntervalFailsClearly() throws Exception {
        var h = harness(bounded(0), "soon");
        IllegalConfigurationException e = assertThrows(IllegalConfigurationException.class, h::open);
        assertTrue(e.getMessage().contains("pipeline.auto-watermark-interval"), e.getMessage());
    }

    @Test
    void monotonousTimestampsAndNoWatermarks() throws Exception {
        var mono = harness(WatermarkStrategy.<Tuple2<String, Long>>forMonotonousTimestamps()
                .withTimestampAssigner((e, p) -> e.f1()), null).open();
        mono.processElement(Tuple2.of("a", 7L));
        mono.setProcessingTime(200);
        assertEquals(List.of(new Watermark(6)), mono.output().watermarks());

        var none = harness(WatermarkStrategy.<Tuple2<String, Long>>noWatermarks().withTimestampAssigner((e, p) -> e.f1()), null)
                .open();
        none.processElement(Tuple2.of("a", 7L));
        none.setProcessingTime(1000);
        assertEquals(List.of(), none.output().watermarks());
        assertEquals(7, none.output().records().get(0).getTimestamp());
    }

    @Test
    void recordsKeepTheirTimestampWithoutAnAssigner() throws Exception {
        var h = harness(WatermarkStrategy.forMonotonousTimestamps(), null).open();
        h.processElement(Tuple2.of("a", 0L), 33);
        h.setProcessingTime(200);
        assertEquals(33, h.output().records().get(0).getTimestamp());
        assertEquals(List.of(new Watermark(32)), h.output().watermarks());
    }

    @Test
    void idleStreamIsMarkedIdleAndActiveAgainWithTheNextRecord() throws Exception {
        var h = harness(bounded(0).withIdleness(Duration.ofSeconds(1)), "100 ms").open();
        h.processElement(Tuple2.of("a", 10L));
        h.setProcessingTime(900);
        assertEquals(List.of(), h.output().watermarkStatuses());
        h.setProcessingTime(1100);
        assertEquals(List.of(WatermarkStatus.IDLE), h.output().watermarkStatuses());
        assertEquals(List.of(new Watermark(9)), h.output().watermarks(), "no watermarks while idle");
        h.processElement(Tuple2.of("b", 50L));
        assertEquals(List.of(WatermarkStatus.IDLE, WatermarkStatus.ACTIVE), h.output().watermarkStatuses());
        h.setProcessingTime(1200);
        assertEquals(List.of(new Watermark(9), new Watermark(49)), h.output().watermarks());
    }
}
