package io.sluice.examples.stateful;

import io.sluice.api.connector.ConnectorContext;
import io.sluice.api.connector.source.InputStatus;
import io.sluice.api.connector.source.RateThrottle;
import io.sluice.api.connector.source.Source;
import io.sluice.api.connector.source.SourceOutput;
import io.sluice.api.connector.source.SourceReader;
import java.util.ArrayList;
import java.util.List;

import java.io.Serializable;

/**
 * Generates {@link KeyedEvent}s: events 0..count-1 of the stream (or without end when count < 0),
 * where event n belongs to key {@code n % keys} with sequence number {@code n / keys}. Split
 * (lane) i of p generates the keys k with {@code k % p == i}, in increasing n, so each key's events
 * come from one lane, in sequence order: a keyed consumer can check that it sees every sequence
 * number once and in order. Written on the public source interface; a checkpoint stores each lane's
 * next event number, so a restore replays exactly what came after it.
 */
public final class KeyedEventSource implements Source<KeyedEvent, KeyedEventSource.Lane> {

    private static final long serialVersionUID = 1L;
    private static final int BATCH_SIZE = 1024;

    /** Lane {@code index} of {@code lanes}, at event number {@code nextEvent}. */
    public record Lane(int index, int lanes, long nextEvent) implements Serializable {
    }

    private final int keys;
    private final long count;
    private final long intervalMillis;
    private final long eventsPerSecondPerSubtask;

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
    public List<Lane> createSplits(int parallelism) {
        List<Lane> lanes = new ArrayList<>(parallelism);
        for (int i = 0; i < parallelism; i++) {
            lanes.add(new Lane(i, parallelism, firstOwned(0, i, parallelism)));
        }
        return lanes;
    }

    /** The first event number at or after {@code n} whose key lane i of p owns (MAX_VALUE if it owns none). */
    private long firstOwned(long n, int i, int p) {
        if (i >= keys) {
            return Long.MAX_VALUE;
        }
        long round = n / keys;
        long key = n % keys;
        long owned = key + Math.floorMod(i - key, p);
        return owned < keys ? round * keys + owned : (round + 1) * keys + i;
    }

    @Override
    public SourceReader<KeyedEvent, Lane> createReader(ConnectorContext context) {
        return new SourceReader<>() {
            private final List<Lane> lanes = new ArrayList<>();
            private final RateThrottle throttle =
                    eventsPerSecondPerSubtask > 0 ? new RateThrottle(eventsPerSecondPerSubtask) : null;
            private int current;

            @Override
            public void addSplits(List<Lane> splits) {
                lanes.addAll(splits);
            }

            /** Takes turns over the lanes (one per instance unless restored with another parallelism). */
            @Override
            public InputStatus pollNext(SourceOutput<KeyedEvent> output) {
                long batch = throttle == null ? BATCH_SIZE : throttle.acquire(BATCH_SIZE);
                if (batch == 0) {
                    return InputStatus.NOTHING_AVAILABLE;
                }
                for (int tried = 0; tried < lanes.size(); tried++) {
                    current = (current + 1) % lanes.size();
                    Lane lane = lanes.get(current);
                    long next = lane.nextEvent();
                    long b = 0;
                    while (b < batch && next != Long.MAX_VALUE && (count < 0 || next < count)) {
                        output.collect(event(next, keys, intervalMillis));
                        next = firstOwned(next + 1, lane.index(), lane.lanes());
                        b++;
                    }
                    lanes.set(current, new Lane(lane.index(), lane.lanes(), next));
                    if (b > 0) {
                        return InputStatus.MORE_AVAILABLE;
                    }
                }
                return InputStatus.END_OF_INPUT;
            }

            @Override
            public List<Lane> snapshotState(long checkpointId) {
                return List.copyOf(lanes);
            }

            @Override
            public void close() {
            }
        };
    }
}
