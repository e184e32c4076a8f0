package io.sluice.streaming;

import io.sluice.state.timers.ProcessingTimeCallback;
import io.sluice.state.timers.ProcessingTimeService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/** Processing time that moves only when a test says so; due timers fire on the calling thread. */
public final class ManualProcessingTimeService implements ProcessingTimeService {

    private record Timer(long timestamp, long sequence, ProcessingTimeCallback callback) {}

    private final PriorityQueue<Timer> timers = new PriorityQueue<>(
            Comparator.comparingLong(Timer::timestamp).thenComparingLong(Timer::sequence));
    private long now;
    private long sequence;

    @Override
    public long getCurrentProcessingTime() {
        return now;
    }

    @Override
    public Cancellable registerTimer(long timestamp, ProcessingTimeCallback callback) {
        Timer timer = new Timer(timestamp, sequence++, callback);
        timers.add(timer);
        return () -> timers.remove(timer);
    }

    /** Moves time to {@code time} and fires, in time order, every timer due by then (also ones registered while firing). */
    public void advanceTo(long time) throws Exception {
        while (!timers.isEmpty() && timers.peek().timestamp() <= time) {
            Timer timer = timers.poll();
            now = Math.max(now, timer.timestamp());
            timer.callback().onProcessingTime(timer.timestamp());
        }
        now = Math.max(now, time);
    }

    public int pendingTimers() {
        return timers.size();
    }

    public List<Long> pendingTimestamps() {
        List<Long> result = new ArrayList<>();
        timers.stream().sorted(Comparator.comparingLong(Timer::timestamp)).forEach(t -> result.add(t.timestamp()));
        return result;
    }
}
