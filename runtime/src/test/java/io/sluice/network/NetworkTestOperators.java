package io.sluice.network;

import io.sluice.api.OutputTag;
import io.sluice.api.eventtime.Watermark;
import io.sluice.streaming.AbstractStreamOperator;
import io.sluice.streaming.OneInputOperator;
import java.util.concurrent.atomic.AtomicLong;

/** Operators for network tests; counters are static because tasks run in this JVM. */
final class NetworkTestOperators {

    static final AtomicLong EMITTED = new AtomicLong();
    static final AtomicLong CONSUMED = new AtomicLong();

    private NetworkTestOperators() {}

    /** Passes records on and counts them (after the source: what the source managed to emit). */
    static final class Counting<T> extends AbstractStreamOperator<T> implements OneInputOperator<T, T> {
        private static final long serialVersionUID = 1L;

        @Override
        public void processElement(StreamRecord<T> record) throws Exception {
            EMITTED.incrementAndGet();
            output.collect(record);
        }
    }

    /** A sink that takes {@code millis} per record. */
    static final class SlowSink<T> extends AbstractStreamOperator<Void> implements OneInputOperator<T, Void> {
        private static final long serialVersionUID = 1L;
        private final long millis;

        SlowSink(long millis) {
            this.millis = millis;
        }

        @Override
        public void processElement(StreamRecord<T> record) throws Exception {
            Thread.sleep(millis);
            CONSUMED.incrementAndGet();
        }

        @Override
        public void processWatermark(Watermark mark) {
        }
    }

    /** Even numbers to the main output, odd ones to the side output {@code tag} as strings. */
    static final class SplitOddEven extends AbstractStreamOperator<Long> implements OneInputOperator<Long, Long> {
        private static final long serialVersionUID = 1L;
        private final OutputTag<String> tag;

        SplitOddEven(OutputTag<String> tag) {
            this.tag = tag;
        }

        @Override
        public void processElement(StreamRecord<Long> record) throws Exception {
            long v = record.getValue();
            if (v % 2 == 0) {
                output.collect(record);
            } else {
                output.collect(tag, new StreamRecord<>("odd-" + v));
            }
        }
    }
}
