package io.sluice.examples.windowing;

import io.sluice.streaming.AbstractStreamOperator;
import io.sluice.streaming.RateThrottle;
import io.sluice.streaming.SourceOperator;
import io.sluice.streaming.StreamRecord;
import io.sluice.streaming.source.ReplayableSource;
import java.io.Serializable;

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
    private transient RateThrottle throttle;

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
        throttle = eventsPerSecondPerSubtask > 0 ? new RateThrottle(eventsPerSecondPerSubtask) : null;
    }

    @Override
    public Status emitNext() throws Exception {
        long batch = throttle == null ? BATCH_SIZE : throttle.acquire(BATCH_SIZE);
        if (batch == 0) {
            return Status.MORE_AVAILABLE;
        }
        StreamRecord<WordEvent> reuse = new StreamRecord<>(null);
        int p = context.parallelism();
        for (long b = 0; b < batch; b++) {
            if (count >= 0 && next >= count) {
                return Status.END_OF_INPUT;
            }
            output.collect(reuse.replace(events.event(next)));
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
