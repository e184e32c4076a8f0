package io.sluice.examples.stateful;

import io.sluice.streaming.AbstractStreamOperator;
import io.sluice.streaming.RateThrottle;
import io.sluice.streaming.SourceOperator;
import io.sluice.streaming.StreamRecord;
import io.sluice.streaming.source.ReplayableSource;
import java.io.Serializable;

/**
 * Generates {@link KeyedEvent}s: events 0..count-1 of the stream (or without end when count < 0),
 * where event n belongs to key {@code n % keys} with sequence number {@code n / keys}. Parallel
 * instance i of p generates the keys k with {@code k % p == i}, in increasing n, so each key's
 * events come from one instance, in sequence order: a keyed consumer can check that it sees every
 * sequence number once and in order. Replayable: its position is the next event number.
 */
public final class KeyedEventSource extends AbstractStreamOperator<KeyedEvent>
        implements SourceOperator<KeyedEvent>, ReplayableSource<KeyedEventSource.Position> {

    private static final long serialVersionUID = 1L;
    private static final int BATCH_SIZE = 1024;

    /** The next event number (n) this instance emits. */
    public record Position(long nextEvent) implements Serializable {
    }

    private final int keys;
    private final long count;
    private final long intervalMillis;
    private final long eventsPerSecondPerSubtask;

    private transient long next;
    private transient Position restored;
    private transient RateThrottle throttle;

    /**
     * @param count                     total number of events; negative = endless
     * @param intervalMillis            event time between two consecutive events of the stream
     * @param eventsPerSecondPerSubtask rate limit of each instance; 0 = unlimited
     */
    public KeyedEventSource(int keys, long count, long intervalMillis, long eventsPerSecondPerSubtask) {
        if (keys < 1) {
            throw new IllegalArgumentException("need at least one key, was " + keys);
        }
        if (intervalMillis < 0 || eventsPerSecondPerSubtask < 0) {
            throw new IllegalArgumentException("interval and rate must not be negative");
        }
        this.keys = keys;
        this.count = count;
        this.intervalMillis = intervalMillis;
        this.eventsPerSecondPerSubtask = eventsPerSecondPerSubtask;
    }

    /** The event with number n. */
    public static KeyedEvent event(long n, int keys, long intervalMillis) {
        return new KeyedEvent(n % keys, n / keys, n * intervalMillis);
    }

    @Override
    public void open() {
        next = restored != null ? restored.nextEvent() : firstOwned(0);
        throttle = eventsPerSecondPerSubtask > 0 ? new RateThrottle(eventsPerSecondPerSubtask) : null;
    }

    /** The first event number at or after {@code n} whose key this instance owns (MAX_VALUE if it owns none). */
    private long firstOwned(long n) {
        int p = context.parallelism();
        int i = context.subtaskIndex();
        if (i >= keys) {
            return Long.MAX_VALUE;
        }
        long round = n / keys;
        long key = n % keys;
        long owned = key + Math.floorMod(i - key, p);
        return owned < keys ? round * keys + owned : (round + 1) * keys + i;
    }

    @Override
    public Status emitNext() throws Exception {
        long batch = throttle == null ? BATCH_SIZE : throttle.acquire(BATCH_SIZE);
        if (batch == 0) {
            return Status.MORE_AVAILABLE;
        }
        StreamRecord<KeyedEvent> reuse = new StreamRecord<>(null);
        for (long b = 0; b < batch; b++) {
            if (next == Long.MAX_VALUE || (count >= 0 && next >= count)) {
                return Status.END_OF_INPUT;
            }
            output.collect(reuse.replace(event(next, keys, intervalMillis)));
            next = firstOwned(next + 1);
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
