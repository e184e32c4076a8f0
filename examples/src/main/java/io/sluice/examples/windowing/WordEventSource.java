package io.sluice.examples.windowing;

import io.sluice.api.connector.ConnectorContext;
import io.sluice.api.connector.source.InputStatus;
import io.sluice.api.connector.source.RateThrottle;
import io.sluice.api.connector.source.Source;
import io.sluice.api.connector.source.SourceOutput;
import io.sluice.api.connector.source.SourceReader;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Emits {@link WordEvents} 0..count-1 (endless when count < 0). Split (lane) i of p emits the events
 * n with {@code n % p == i}, so all instances move through event time together and the watermark
 * (their minimum) keeps up. Replayable: a checkpoint stores each lane's next event number.
 */
public final class WordEventSource implements Source<WordEvent, WordEventSource.Lane> {

    private static final long serialVersionUID = 1L;
    private static final int BATCH_SIZE = 256;

    /** Emits events nextEvent, nextEvent + stride, ... */
    public record Lane(long nextEvent, int stride) implements Serializable {
    }

    private final WordEvents events;
    private final long count;
    private final long eventsPerSecondPerSubtask;

    public WordEventSource(WordEvents events, long count, long eventsPerSecondPerSubtask) {
        if (eventsPerSecondPerSubtask < 0) {
            throw new IllegalArgumentException("rate must not be negative, was " + eventsPerSecondPerSubtask);
        }
        this.events = events;
        this.count = count;
        this.eventsPerSecondPerSubtask = eventsPerSecondPerSubtask;
    }

    @Override
    public List<Lane> createSplits(int parallelism) {
        List<Lane> lanes = new ArrayList<>(parallelism);
        for (int i = 0; i < parallelism; i++) {
            lanes.add(new Lane(i, parallelism));
        }
        return lanes;
    }

    @Override
    public SourceReader<WordEvent, Lane> createReader(ConnectorContext context) {
        return new SourceReader<>() {
            private final List<Lane> lanes = new ArrayList<>();
            private final RateThrottle throttle =
                    eventsPerSecondPerSubtask > 0 ? new RateThrottle(eventsPerSecondPerSubtask) : null;
            private int current;

            @Override
            public void addSplits(List<Lane> splits) {
                lanes.addAll(splits);
            }

            @Override
            public InputStatus pollNext(SourceOutput<WordEvent> output) {
                long batch = throttle == null ? BATCH_SIZE : throttle.acquire(BATCH_SIZE);
                if (batch == 0) {
                    return InputStatus.NOTHING_AVAILABLE;
                }
                for (int tried = 0; tried < lanes.size(); tried++) {
                    current = (current + 1) % lanes.size();
                    Lane lane = lanes.get(current);
                    long next = lane.nextEvent();
                    long b = 0;
                    while (b < batch && (count < 0 || next < count)) {
                        output.collect(events.event(next));
                        next += lane.stride();
                        b++;
                    }
                    lanes.set(current, new Lane(next, lane.stride()));
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
