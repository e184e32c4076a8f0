package io.sluice.streaming;

import io.sluice.state.timers.ProcessingTimeCallback;
import io.sluice.state.timers.ProcessingTimeService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Processing-time timers of one task on the wall clock. A timer thread only waits; when a timer is
 * due it posts the callback to the task's {@link TaskMailbox}, so the callback runs on the task thread.
 */
final class SystemProcessingTimeService implements ProcessingTimeService, AutoCloseable {

    private final TaskMailbox mailbox;
    private final ScheduledThreadPoolExecutor timer;

    SystemProcessingTimeService(TaskMailbox mailbox, String taskName) {
        this.mailbox = mailbox;
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "timer " + taskName);
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
    }

    @Override
    public long getCurrentProcessingTime() {
        return System.currentTimeMillis();
    }

    @Override
    public Cancellable registerTimer(long timestamp, ProcessingTimeCallback callback) {
        long delay = Math.max(0, timestamp - getCurrentProcessingTime());
        ScheduledFuture<?> future = timer.schedule(() -> mailbox.put(() -> callback.onProcessingTime(timestamp)),
                delay, TimeUnit.MILLISECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
