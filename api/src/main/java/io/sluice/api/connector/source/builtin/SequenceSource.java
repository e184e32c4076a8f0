package io.sluice.api.connector.source.builtin;

import io.sluice.api.connector.ConnectorContext;
import io.sluice.api.connector.source.InputStatus;
import io.sluice.api.connector.source.RateThrottle;
import io.sluice.api.connector.source.Source;
import io.sluice.api.connector.source.SourceOutput;
import io.sluice.api.connector.source.SourceReader;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The numbers {@code from..to} (both inclusive), each emitted once overall: one split per parallel
 * instance, each a contiguous part of the range.
 */
public final class SequenceSource implements Source<Long, SequenceSource.Part> {

    private static final long serialVersionUID = 1L;

    /** Records per poll: bounds the time between two checkpoint or cancellation checks. */
    public static final int BATCH_SIZE = 1024;

    private final long from;
    private final long to;
    private final long recordsPerSecondPerSubtask;

    /** A contiguous part of the sequence still to emit: {@code remaining} numbers from {@code next}. */
    public record Part(long next, long remaining) implements Serializable {
    }

    /**
     * @param recordsPerSecondPerSubtask upper bound of the rate of each parallel instance; 0 = unlimited
     */
    public SequenceSource(long from, long to, long recordsPerSecondPerSubtask) {
        if (from > to) {
            throw new IllegalArgumentException("sequence start " + from + " is greater than its end " + to);
        }
        if (to - from == Long.MAX_VALUE || to - from < 0) {
            throw new IllegalArgumentException("sequence " + from + ".." + to + " has more than "
                    + Long.MAX_VALUE + " numbers; use a shorter range");
        }
        if (recordsPerSecondPerSubtask < 0) {
            throw new IllegalArgumentException(
                    "records per second must be 0 (unlimited) or positive, was " + recordsPerSecondPerSubtask);
        }
        this.from = from;
        this.to = to;
        this.recordsPerSecondPerSubtask = recordsPerSecondPerSubtask;
    }

    public long from() {
        return from;
    }

    public long to() {
        return to;
    }

    public long recordsPerSecondPerSubtask() {
        return recordsPerSecondPerSubtask;
    }

    /**
     * The part of {@code from..to} that instance {@code index} of {@code parallelism} emits. Parts
     * differ in size by at most one; the first {@code count % parallelism} parts get the extra number.
     */
    public static Part part(long from, long to, int index, int parallelism) {
        if (parallelism < 1 || index < 0 || index >= parallelism) {
            throw new IllegalArgumentException("subtask " + index + " of " + parallelism + " does not exist");
        }
        long count = to - from + 1;
        long base = count / parallelism;
        long extra = count % parallelism;
        long first = from + index * base + Math.min(index, extra);
        return new Part(first, base + (index < extra ? 1 : 0));
    }

    @Override
    public List<Part> createSplits(int parallelism) {
        List<Part> parts = new ArrayList<>(parallelism);
        for (int i = 0; i < parallelism; i++) {
            parts.add(part(from, to, i, parallelism));
        }
        return parts;
    }

    @Override
    public SourceReader<Long, Part> createReader(ConnectorContext context) {
        return new Reader(recordsPerSecondPerSubtask);
    }

    private static final class Reader implements SourceReader<Long, Part> {

        private final ArrayDeque<Part> parts = new ArrayDeque<>();
        private final RateThrottle throttle;
        private long next;
        private long remaining;

        Reader(long recordsPerSecond) {
            this.throttle = recordsPerSecond > 0 ? new RateThrottle(recordsPerSecond) : null;
        }

        @Override
        public void addSplits(List<Part> splits) {
            parts.addAll(splits);
        }

        @Override
        public InputStatus pollNext(SourceOutput<Long> output) {
            while (remaining == 0) {
                Part part = parts.poll();
                if (part == null) {
                    return InputStatus.END_OF_INPUT;
                }
                next = part.next();
                remaining = part.remaining();
            }
            long batch = Math.min(remaining, BATCH_SIZE);
            if (throttle != null) {
                batch = throttle.acquire(batch);
                if (batch == 0) {
                    return InputStatus.NOTHING_AVAILABLE;
                }
            }
            long value = next;
            for (long i = 0; i < batch; i++) {
                output.collect(value++);
            }
            next = value;
            remaining -= batch;
            return remaining == 0 && parts.isEmpty() ? InputStatus.END_OF_INPUT : InputStatus.MORE_AVAILABLE;
        }

        @Override
        public List<Part> snapshotState(long checkpointId) {
            List<Part> state = new ArrayList<>(parts.size() + 1);
            if (remaining > 0) {
                state.add(new Part(next, remaining));
            }
            state.addAll(parts);
            return state;
        }

        @Override
        public void close() {
        }
    }
}
