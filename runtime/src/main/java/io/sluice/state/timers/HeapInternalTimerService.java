package io.sluice.state.timers;

import io.sluice.state.HeapKeyedStateBackend;

/**
 * Event- and processing-time timers of one keyed operator, kept in the keyed backend's timer
 * queues (so they are snapshotted per key group and slice with the state).
 *
 * <p>Event-time timers fire in {@link #advanceWatermark}. For processing time only the earliest
 * timer is registered with the task's {@link ProcessingTimeService}; when it fires, every due timer
 * fires and the next earliest is registered. Both paths run on the task thread and make the timer's
 * key current before calling the operator.
 */
public final class HeapInternalTimerService<K, N> implements InternalTimerService<N>, ProcessingTimeCallback {

    private final HeapKeyedStateBackend<K> backend;
    private final ProcessingTimeService processingTimeService;
    private final Triggerable<K, N> target;
    private final TimerQueue<K, N> eventTimeTimers;
    private final TimerQueue<K, N> processingTimeTimers;

    private long currentWatermark = Long.MIN_VALUE;
    private ProcessingTimeService.Cancellable scheduled;
    private long scheduledTime = Long.MAX_VALUE;

    public HeapInternalTimerService(String name, HeapKeyedStateBackend<K> backend, ProcessingTimeService processingTimeService,
            Triggerable<K, N> target) {
        this.backend = backend;
        this.processingTimeService = processingTimeService;
        this.target = target;
        this.eventTimeTimers = backend.getTimerQueue(name + "/event-time");
        this.processingTimeTimers = backend.getTimerQueue(name + "/processing-time");
        // timers restored from a snapshot need their wake-up call
        InternalTimer<K, N> head = processingTimeTimers.peek();
        if (head != null) {
            schedule(head.getTimestamp());
        }
    }

    @Override
    public long currentProcessingTime() {
        return processingTimeService.getCurrentProcessingTime();
    }

    @Override
    public long currentWatermark() {
        return currentWatermark;
    }

    @Override
    public void registerEventTimeTimer(N namespace, long time) {
        eventTimeTimers.add(time, backend.getCurrentKey(), namespace, backend.getCurrentSliceIndex());
    }

    @Override
    public void deleteEventTimeTimer(N namespace, long time) {
        eventTimeTimers.remove(time, backend.getCurrentKey(), namespace, backend.getCurrentSliceIndex());
    }

    @Override
    public void registerProcessingTimeTimer(N namespace, long time) {
        if (processingTimeTimers.add(time, backend.getCurrentKey(), namespace, backend.getCurrentSliceIndex())
                && time < scheduledTime) {
            schedule(time);
        }
    }

    @Override
    public void deleteProcessingTimeTimer(N namespace, long time) {
        // the wake-up call stays; when it comes, nothing is due and the next one is scheduled
        processingTimeTimers.remove(time, backend.getCurrentKey(), namespace, backend.getCurrentSliceIndex());
    }

    /** Fires every event-time timer at or before {@code watermark}, earliest first. */
    public void advanceWatermark(long watermark) throws Exception {
        currentWatermark = watermark;
        InternalTimer<K, N> timer;
        while ((timer = pollDue(eventTimeTimers, watermark)) != null) {
            backend.setCurrentKey(timer.getKey());
            target.onEventTime(timer);
        }
    }

    @Override
    public void onProcessingTime(long time) throws Exception {
        scheduled = null;
        scheduledTime = Long.MAX_VALUE;
        InternalTimer<K, N> timer;
        while ((timer = pollDue(processingTimeTimers, time)) != null) {
            backend.setCurrentKey(timer.getKey());
            target.onProcessingTime(timer);
        }
        InternalTimer<K, N> next = processingTimeTimers.peek();
        if (next != null && next.getTimestamp() < scheduledTime) {
            schedule(next.getTimestamp());
        }
    }

    /** Takes the next due timer; its slice may be part of a checkpoint being written, so it is touched first. */
    private InternalTimer<K, N> pollDue(TimerQueue<K, N> queue, long time) {
        InternalTimer<K, N> head = queue.peek();
        if (head == null || head.getTimestamp() > time) {
            return null;
        }
        backend.beforeTouch(head.sliceIndex);
        return queue.pollDue(time);
    }

    private void schedule(long time) {
        if (scheduled != null) {
            scheduled.cancel();
        }
        scheduledTime = time;
        scheduled = processingTimeService.registerTimer(time, this);
    }

    /** Stops the wake-up call; the timers stay (for a snapshot). */
    public void close() {
        if (scheduled != null) {
            scheduled.cancel();
            scheduled = null;
            scheduledTime = Long.MAX_VALUE;
        }
    }

    public int numberOfEventTimeTimers() {
        return eventTimeTimers.size();
    }

    public int numberOfProcessingTimeTimers() {
        return processingTimeTimers.size();
    }
}
