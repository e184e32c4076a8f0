package io.sluice.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.connector.source.builtin.SequenceSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SequenceSourceTest {

    @Test
    void partsAreContiguousAndCoverTheRangeExactlyOnce() {
        long[][] ranges = {{1, 10}, {0, 0}, {-7, 3}, {1, 1_000_003}, {Long.MAX_VALUE - 5, Long.MAX_VALUE},
                {Long.MIN_VALUE, Long.MIN_VALUE + 2}, {Long.MIN_VALUE / 2 + 1, Long.MAX_VALUE / 2}};
        for (long[] range : ranges) {
            for (int n = 1; n <= 13; n++) {
                long next = range[0];
                long total = 0;
                long min = Long.MAX_VALUE;
                long max = 0;
                for (int i = 0; i < n; i++) {
                    SequenceSource.Part part = SequenceSource.part(range[0], range[1], i, n);
                    if (part.remaining() > 0) {
                        assertEquals(next, part.next(), "part " + i + " of " + n + " of " + range[0] + ".." + range[1]);
                        next = part.next() + part.remaining();
                    }
                    total += part.remaining();
                    min = Math.min(min, part.remaining());
                    max = Math.max(max, part.remaining());
                }
                assertEquals(range[1] - range[0] + 1, total, "numbers covered for n=" + n);
                assertTrue(max - min <= 1, "parts differ by at most one for n=" + n);
            }
        }
    }

    @Test
    void everyValueIsEmittedOnceOverAllSubtasks() throws Exception {
        for (int n : new int[] {1, 2, 3, 4, 7, 16}) {
            List<Long> all = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                all.addAll(run(new SequenceSource(-50, 5_000, 0), i, n));
            }
            all.sort(null);
            List<Long> expected = new ArrayList<>();
            for (long v = -50; v <= 5_000; v++) {
                expected.add(v);
            }
            ValueAssertions.assertSameValues(expected, all, "parallelism " + n);
        }
    }

    @Test
    void rangeEndingAtMaxValueEndsCleanly() throws Exception {
        List<Long> values = run(new SequenceSource(Long.MAX_VALUE - 2, Long.MAX_VALUE, 0), 0, 1);
        assertEquals(List.of(Long.MAX_VALUE - 2, Long.MAX_VALUE - 1, Long.MAX_VALUE), values);
    }

    @Test
    void emitsInBatchesAndRemembersItsPosition() throws Exception {
        var source = new io.sluice.streaming.source.ReaderDriver<>(new SequenceSource(0, 9_999, 0));
        CollectingOutput<Long> out = new CollectingOutput<>();
        source.setup(OperatorTestContexts.of("source", 1, 2, 0), out);
        source.open();
        assertEquals(java.util.List.of(new SequenceSource.Part(5_000, 5_000)), source.currentPosition());

        assertEquals(SourceOperator.Status.MORE_AVAILABLE, source.emitNext());

        assertEquals(SequenceSource.BATCH_SIZE, out.values().size());
        assertEquals(java.util.List.of(new SequenceSource.Part(5_000 + SequenceSource.BATCH_SIZE, 5_000 - SequenceSource.BATCH_SIZE)),
                source.currentPosition());
    }

    @Test
    void rateLimitHoldsEachSubtaskBack() throws Exception {
        SequenceSource source = new SequenceSource(1, 60, 200);
        long start = System.nanoTime();
        List<Long> values = run(source, 0, 1);
        double seconds = (System.nanoTime() - start) / 1e9;

        assertEquals(60, values.size());
        // 60 records at 200/s: the first goes at once, the last after ~295 ms
        assertTrue(seconds >= 0.25, "took only " + seconds + " s");
        assertTrue(seconds < 3, "took " + seconds + " s");
    }

    @Test
    void rejectsInvalidRanges() {
        assertThrows(IllegalArgumentException.class, () -> new SequenceSource(2, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new SequenceSource(Long.MIN_VALUE, Long.MAX_VALUE, 0));
        assertThrows(IllegalArgumentException.class, () -> new SequenceSource(Long.MIN_VALUE, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new SequenceSource(1, 2, -5));
    }

    private static List<Long> run(SequenceSource sequence, int index, int parallelism) throws Exception {
        CollectingOutput<Long> out = new CollectingOutput<>();
        var source = new io.sluice.streaming.source.ReaderDriver<>(sequence);
        source.setup(OperatorTestContexts.of("source", index, parallelism, 0), out);
        source.open();
        while (source.emitNext() == SourceOperator.Status.MORE_AVAILABLE) {
            // drive it like the task does
        }
        return out.values();
    }
}
