package io.sluice.state.timers;


/**
 * Wall-clock time and timers of a task. Callbacks run on the task's own thread, between records,
 * never concurrently with {@code processElement}: operators need no locks for timer work.
 */
public interface ProcessingTimeService {

    /** Current processing time in epoch milliseconds. */
    long getCurrentProcessingTime();

    /**
     * Calls {@code callback} once processing time reaches {@code timestamp} (at once if it already
     * has). Returns a handle that cancels the timer if it has not fired yet.
     */
    Cancellable registerTimer(long timestamp, ProcessingTimeCallback callback);

    /** A registered timer. */
    interface Cancellable {
        void cancel();
    }
}
