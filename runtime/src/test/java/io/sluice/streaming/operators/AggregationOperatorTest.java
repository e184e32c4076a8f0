package io.sluice.streaming.operators;

import io.sluice.api.functions.aggregation.FieldAggregator;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.tuple.Tuple2;
import io.sluice.api.tuple.Tuple3;
import io.sluice.api.functions.aggregation.FieldAggregator.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

class AggregationOperatorTest {

    record Reading(String sensor, double value, long time) {
    }

    private static <T> OneInputOperatorTestHarness<T, T> reduce(io.sluice.api.functions.KeySelector<T, Object> key,
            io.sluice.api.functions.ReduceFunction<T> function) throws Exception {
        return new OneInputOperatorTestHarness<T, T>(new KeyedReduceOperator<>(key, function)).open();
    }

    @Test
    void reduceEmitsTheUpdatedAggregatePerRecordAndKeepsTimestamps() throws Exception {
        var h = reduce((Tuple2<String, Long> t) -> t.f0(), (a, b) -> Tuple2.of(a.f0(), a.f1() * b.f1()));
        h.processElement(Tuple2.of("a", 2L), 10);
        h.processElement(Tuple2.of("b", 5L), 11);
        h.processElement(Tuple2.of("a", 3L), 12);
        assertEquals(List.of(Tuple2.of("a", 2L), Tuple2.of("b", 5L), Tuple2.of("a", 6L)), h.values());
        assertEquals(12, h.output().records().get(2).getTimestamp());
    }

    @Test
    void sumByPositionAndByName() throws Exception {
        var byPosition = reduce((Tuple2<String, Long> t) -> t.f0(), FieldAggregator.byPosition(Kind.SUM, 1));
        var byName = reduce((Tuple2<String, Long> t) -> t.f0(), FieldAggregator.byName(Kind.SUM, "f1"));
        for (var h : List.of(byPosition, byName)) {
            h.processElement(Tuple2.of("a", 1L));
            h.processElement(Tuple2.of("b", 1L));
            h.processElement(Tuple2.of("a", 1L));
            h.processElement(Tuple2.of("a", 5L));
            assertEquals(List.of(Tuple2.of("a", 1L), Tuple2.of("b", 1L), Tuple2.of("a", 2L), Tuple2.of("a", 7L)), h.values());
        }
    }

    @Test
    void minAndMaxReplaceTheFieldMinByAndMaxByKeepTheRecord() throws Exception {
        List<Tuple3<String, Integer, String>> input = List.of(Tuple3.of("k", 5, "first"), Tuple3.of("k", 3, "second"),
                Tuple3.of("k", 9, "third"), Tuple3.of("k", 3, "fourth"));
        var min = reduce((Tuple3<String, Integer, String> t) -> t.f0(), FieldAggregator.byPosition(Kind.MIN, 1));
        var max = reduce((Tuple3<String, Integer, String> t) -> t.f0(), FieldAggregator.byPosition(Kind.MAX, 1));
        var minBy = reduce((Tuple3<String, Integer, String> t) -> t.f0(), FieldAggregator.byPosition(Kind.MIN_BY, 1));
        var maxBy = reduce((Tuple3<String, Integer, String> t) -> t.f0(), FieldAggregator.byName(Kind.MAX_BY, "f1"));
        for (var t : input) {
            for (var h : List.of(min, max, minBy, maxBy)) {
                h.processElement(t);
            }
        }
        assertEquals(Tuple3.of("k", 3, "first"), last(min.values()));
        assertEquals(Tuple3.of("k", 9, "first"), last(max.values()));
        assertEquals(Tuple3.of("k", 3, "second"), last(minBy.values()), "ties keep the earlier record");
        assertEquals(Tuple3.of("k", 9, "third"), last(maxBy.values()));
    }

    @Test
    void userRecordsByComponentNameAndPlainValues() throws Exception {
        var h = reduce((Reading r) -> r.sensor(), FieldAggregator.byName(Kind.SUM, "value"));
        h.processElement(new Reading("s1", 1.5, 1));
        h.processElement(new Reading("s1", 2.0, 2));
        assertEquals(new Reading("s1", 3.5, 1), last(h.values()));

        var plain = reduce((Long v) -> v % 2, FieldAggregator.byPosition(Kind.SUM, 0));
        for (long v = 1; v <= 5; v++) {
            plain.processElement(v);
        }
        assertEquals(List.of(1L, 2L, 4L, 6L, 9L), plain.values());
    }

    @Test
    void badFieldsFailWithAClearMessage() throws Exception {
        var outOfRange = reduce((Tuple2<String, Long> t) -> t.f0(), FieldAggregator.byPosition(Kind.SUM, 2));
        outOfRange.processElement(Tuple2.of("a", 1L));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> outOfRange.processElement(Tuple2.of("a", 1L)));
        assertTrue(e.getMessage().contains("position 2 does not exist"), e.getMessage());

        var unknownName = reduce((Reading r) -> r.sensor(), FieldAggregator.byName(Kind.SUM, "temperature"));
        unknownName.processElement(new Reading("s", 1, 1));
        e = assertThrows(IllegalArgumentException.class, () -> unknownName.processElement(new Reading("s", 1, 1)));
        assertTrue(e.getMessage().contains("no component 'temperature'") && e.getMessage().contains("sensor, value, time"), e.getMessage());

        var notNumber = reduce((Tuple2<String, Long> t) -> t.f1(), FieldAggregator.byPosition(Kind.SUM, 0));
        notNumber.processElement(Tuple2.of("a", 1L));
        e = assertThrows(IllegalArgumentException.class, () -> notNumber.processElement(Tuple2.of("b", 1L)));
        assertTrue(e.getMessage().contains("needs a number field"), e.getMessage());
    }

    private static <T> T last(List<T> values) {
        return values.get(values.size() - 1);
    }
}
