package io.sluice.examples.windowing;

import io.sluice.streaming.AbstractStreamOperator;
import io.sluice.streaming.SourceOperator;
import io.sluice.streaming.StreamRecord;
import io.sluice.streaming.source.ReplayableSource;
import java.io.Serializable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Emits {@link WordEvents} 0..count-1 (endless when count < 0). Instance i of p emits the events
 * n with {@code n % p == i}, so all instances move through event time together and the watermark
 * (their minimum) keeps up. Replayable: the position is the next event number.
 */
public final class WordEventSource extends AbstractStreamOperator<WordEvent>
        implements SourceOperator<WordEvent>, ReplayableSource<WordEventSource.Position> {

    private static final long serialVersionUID = 1L;
    private static final int BATCH_SIZE = 256;

    public record Position(long nextEvent) implements Serializable {
    }

    private final WordEvents events;
    private final long count;
    private final long eventsPerSecondPerSubtask;

    private transient long next;
    private transient Position restored;
    private transient long startNanos;
    private transient long emitted;

    public WordEventSource(WordEvents events, long count, long eventsPerSecondPerSubtask) {
        if (eventsPerSecondPerSubtask < 0) {
            throw new IllegalArgumentException("rate must not be negative, was " + eventsPerSecondPerSubtask);
        }
        this.events = events;
        this.count = count;
        this.eventsPerSecondPerSubtask = eventsPerSecondPerSubtask;
    }

    @Override
    public void open() {
        next = restored != null ? restored.nextEvent() : context.subtaskIndex();
        startNanos = System.nanoTime();
        emitted = 0;
    }

    @Override
    public Status emitNext() throws Exception {
        long batch = BATCH_SIZE;
        if (eventsPerSecondPerSubtask > 0) {
            long allowed = (System.nanoTime() - startNanos) * eventsPerSecondPerSubtask / TimeUnit.SECONDS.toNanos(1) + 1;
            batch = Math.min(batch, allowed - emitted);
            if (batch <= 0) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
                return Status.MORE_AVAILABLE;
            }
        }
        StreamRecord<WordEvent> reuse = new StreamRecord<>(null);
        int p = context.parallelism();
        for (long b = 0; b < batch; b++) {
            if (count >= 0 && next >= count) {
                return Status.END_OF_INPUT;
            }
            output.collect(reuse.replace(events.event(next)));
            emitted++;
            next += p;
        }
        return Status.MORE_AVAILABLE;
    }

    @Override
    public Position currentPosition() {
        return new Position(next);
    }

    @Override
    public void restorePosition(Position position) {
        this.restored = position;
    }
}
