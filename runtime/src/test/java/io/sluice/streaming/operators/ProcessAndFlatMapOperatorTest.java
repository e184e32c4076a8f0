package io.sluice.streaming.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.OutputTag;
import io.sluice.api.functions.Collector;
import io.sluice.api.functions.ProcessFunction;
import io.sluice.api.functions.RichFlatMapFunction;
import io.sluice.api.state.ValueState;
import io.sluice.api.state.ValueStateDescriptor;
import io.sluice.api.tuple.Tuple2;
import io.sluice.network.StreamRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessAndFlatMapOperatorTest {

    static final OutputTag<String> LONG_WORDS = new OutputTag<>("long-words");

    static final class Splitter extends ProcessFunction<String, String> {
        @Override
        public void processElement(String line, Context ctx, Collector<String> out) throws Exception {
            for (String word : line.split(" ")) {
                if (word.length() > 4) {
                    ctx.output(LONG_WORDS, word + "@" + ctx.timestamp());
                } else {
                    out.collect(word);
                }
            }
        }
    }

    @Test
    void flatMapEmitsEachResultWithTheInputTimestamp() throws Exception {
        var h = new OneInputOperatorTestHarness<String, String>(new FlatMapOperator<String, String>((line, out) -> {
            for (String w : line.split(" ")) {
                out.collect(w);
            }
        })).open();
        h.processElement("to be or", 7);
        h.processElement("not");
        assertEquals(List.of(new StreamRecord<>("to", 7), new StreamRecord<>("be", 7), new StreamRecord<>("or", 7),
                new StreamRecord<>("not")), h.output().records());
    }

    @Test
    void processFunctionSeesTimestampsAndWritesSideOutputs() throws Exception {
        var h = new OneInputOperatorTestHarness<String, String>(new ProcessOperator<>(new Splitter())).open();
        h.processElement("the quick brown fox", 42);
        assertEquals(List.of("the", "fox"), h.values());
        assertEquals(List.of("quick@42", "brown@42"), h.output().sideOutputValues(LONG_WORDS));
    }

    @Test
    void timersAndKeyedStateNeedAKeyedStream() throws Exception {
        var h = new OneInputOperatorTestHarness<String, String>(new ProcessOperator<>(new TimerUser())).open();
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> h.processElement("x", 1));
        assertTrue(e.getMessage().contains("keyBy"), e.getMessage());

        var stateful = new OneInputOperatorTestHarness<String, String>(new FlatMapOperator<>(new Dedup()));
        e = assertThrows(UnsupportedOperationException.class, stateful::open);
        assertTrue(e.getMessage().contains("only available on a keyed stream"), e.getMessage());
    }

    static final class TimerUser extends ProcessFunction<String, String> {
        @Override
        public void processElement(String value, Context ctx, Collector<String> out) {
            ctx.timerService().registerEventTimeTimer(10);
        }
    }

    /** Emits a key's first value only: keyed state through a rich flatMap. */
    static final class Dedup extends RichFlatMapFunction<String, String> {
        private transient ValueState<Boolean> seen;

        @Override
        public void open() {
            seen = getRuntimeContext().getState(new ValueStateDescriptor<>("seen"));
        }

        @Override
        public void flatMap(String value, Collector<String> out) throws Exception {
            if (seen.value() == null) {
                seen.update(true);
                out.collect(value);
            }
        }
    }

    @Test
    void richFlatMapOnAKeyedStreamHasKeyedState() throws Exception {
        var h = new OneInputOperatorTestHarness<String, String>(new KeyedFlatMapOperator<String, String, String>(
                v -> v.substring(0, 1), new Dedup())).open();
        for (String v : List.of("apple", "avocado", "banana", "blueberry", "cherry")) {
            h.processElement(v);
        }
        assertEquals(List.of("apple", "banana", "cherry"), h.values());
        assertEquals(Tuple2.of(3, 3), Tuple2.of(h.values().size(), 3));
    }
}
