package io.sluice.streaming;

/**
 * Emits the numbers {@code from..to} (both inclusive) once overall: parallel instance i of n emits
 * its own contiguous part of the range, so the parts together cover it exactly.
 */
public final class SequenceSource extends AbstractStreamOperator<Long>
        implements SourceOperator<Long>, io.sluice.streaming.source.ReplayableSource<SequenceSource.Position> {

    private static final long serialVersionUID = 1L;

    /** Records per {@link #emitNext()} call: bounds the time between two cancellation checks. */
    static final int BATCH_SIZE = 1024;

    private final long from;
    private final long to;
    private final long recordsPerSecondPerSubtask;

    // Position within this subtask's part, updated after every batch: the task snapshots it between
    // two emitNext() calls once checkpoints arrive.
    private transient long nextValue;
    private transient long remaining;
    private transient RateThrottle throttle;
    private transient Position restored;

    /** Where an instance stands: the next number and how many of its part are left. */
    public record Position(long nextValue, long remaining) implements java.io.Serializable {
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

    /** A contiguous part of the sequence: {@code count} numbers starting at {@code first}. */
    public record SubRange(long first, long count) {
    }

    /**
     * The part of {@code from..to} that subtask {@code index} of {@code parallelism} emits. Parts
     * differ in size by at most one; the first {@code count % parallelism} parts get the extra number.
     */
    public static SubRange subRange(long from, long to, int index, int parallelism) {
        if (parallelism < 1 || index < 0 || index >= parallelism) {
            throw new IllegalArgumentException("subtask " + index + " of " + parallelism + " does not exist");
        }
        long count = to - from + 1;
        long base = count / parallelism;
        long extra = count % parallelism;
        long first = from + index * base + Math.min(index, extra);
        return new SubRange(first, base + (index < extra ? 1 : 0));
    }

    @Override
    public void open() {
        SubRange part = subRange(from, to, context.subtaskIndex(), context.parallelism());
        nextValue = restored != null ? restored.nextValue() : part.first();
        remaining = restored != null ? restored.remaining() : part.count();
        throttle = recordsPerSecondPerSubtask > 0 ? new RateThrottle(recordsPerSecondPerSubtask) : null;
    }

    @Override
    public Status emitNext() throws Exception {
        if (remaining == 0) {
            return Status.END_OF_INPUT;
        }
        long batch = Math.min(remaining, BATCH_SIZE);
        if (throttle != null) {
            batch = throttle.acquire(batch);
            if (batch == 0) {
                return Status.MORE_AVAILABLE;
            }
        }
        Output<Long> out = output;
        StreamRecord<Long> reuse = new StreamRecord<>(null);
        long value = nextValue;
        for (long i = 0; i < batch; i++) {
            out.collect(reuse.replace(value++));
        }
        nextValue = value;
        remaining -= batch;
        return remaining == 0 ? Status.END_OF_INPUT : Status.MORE_AVAILABLE;
    }

    @Override
    public Position currentPosition() {
        return new Position(nextValue, remaining);
    }

    @Override
    public void restorePosition(Position position) {
        this.restored = position;
    }

    /** The next number this instance will emit (its position for snapshots). */
    public long nextValue() {
        return nextValue;
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
}
