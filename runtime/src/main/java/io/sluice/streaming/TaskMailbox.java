package io.sluice.streaming;

import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Work that other threads (timers, later checkpoint triggers and network notifications) hand to a
 * task's own thread. The task runs the queued actions between records, so operator state is only
 * ever touched by one thread and needs no locks.
 */
final class TaskMailbox {

    /** An action run on the task thread; may throw like an operator method. */
    @FunctionalInterface
    interface Mail {
        void run() throws Exception;
    }

    private final ConcurrentLinkedQueue<Mail> queue = new ConcurrentLinkedQueue<>();
    private final Object signal = new Object();
    private boolean wakeUp;

    void put(Mail mail) {
        queue.add(mail);
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    /** Runs every queued action on the calling (task) thread. */
    void runAll() throws Exception {
        Mail mail;
        while ((mail = queue.poll()) != null) {
            mail.run();
        }
    }

    boolean hasMail() {
        return !queue.isEmpty();
    }

    /** Waits up to {@code millis} for new mail; returns early when some arrives. */
    void awaitMail(long millis) throws InterruptedException {
        synchronized (signal) {
            if (queue.isEmpty() && !wakeUp) {
                signal.wait(millis);
            }
            wakeUp = false;
        }
    }

    /**
     * Wakes the task thread from {@link #awaitMail} without mail: input arrived. The flag is kept
     * until the next wait, so a wake-up between the task's last look at its input and its wait is
     * not lost.
     */
    void wakeUp() {
        synchronized (signal) {
            wakeUp = true;
            signal.notifyAll();
        }
    }
}
