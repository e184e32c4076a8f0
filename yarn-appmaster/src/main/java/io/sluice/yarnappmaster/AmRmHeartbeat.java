package io.sluice.yarnappmaster;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.apache.hadoop.yarn.api.protocolrecords.AllocateResponse;
import org.apache.hadoop.yarn.api.records.AMCommand;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.client.api.AMRMClient;
import org.apache.hadoop.yarn.client.api.AMRMClient.ContainerRequest;
import org.apache.hadoop.yarn.exceptions.ApplicationAttemptNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives the ApplicationMaster's heartbeats (allocate calls) on the synchronous {@link AMRMClient}
 * from one thread. Hadoop's AMRMClientAsync sleeps its whole current interval before it applies a
 * shorter one, so a request made while idle reached YARN up to a full idle interval late; here
 * {@link #now()} sends it at once. Between requests the interval is {@code pending} while
 * {@code hasPending} is true and {@code idle} otherwise. Responses are handed to the callbacks on
 * the heartbeat thread, in order.
 */
final class AmRmHeartbeat {

    private static final Logger LOG = LoggerFactory.getLogger(AmRmHeartbeat.class);

    /** What a heartbeat brings back; all called on the heartbeat thread. */
    interface Callbacks {
        void onContainersCompleted(List<ContainerStatus> statuses);

        void onContainersAllocated(List<Container> containers);

        /** YARN wants this attempt gone (AM_SHUTDOWN, or the attempt is unknown to it). */
        void onShutdownRequest();

        /** A heartbeat failed for good (Hadoop's RM proxy has already retried); heartbeats stop. */
        void onError(Throwable cause);
    }

    private final AMRMClient<ContainerRequest> client;
    private final Duration idle;
    private final Duration pending;
    private final BooleanSupplier hasPending;
    private final Callbacks callbacks;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "yarn-am-heartbeat");
        t.setDaemon(true);
        return t;
    });
    /** Serializes allocate with unregister: YARN rejects an allocate after the attempt unregistered. */
    private final Object allocateLock = new Object();
    /** Set while an immediate heartbeat is queued, so a burst of requests costs one allocate call. */
    private final AtomicBoolean immediateQueued = new AtomicBoolean();
    private volatile boolean running;
    /** Only touched on the heartbeat thread. */
    private ScheduledFuture<?> next;

    AmRmHeartbeat(AMRMClient<ContainerRequest> client, Duration idle, Duration pending, BooleanSupplier hasPending,
                  Callbacks callbacks) {
        this.client = client;
        this.idle = idle;
        this.pending = pending;
        this.hasPending = hasPending;
        this.callbacks = callbacks;
    }

    /** Starts heartbeating (after registration); the first heartbeat goes out at once. */
    void start() {
        running = true;
        now();
    }

    /** Sends a heartbeat as soon as possible, e.g. because a container request was just added. */
    void now() {
        if (running && immediateQueued.compareAndSet(false, true)) {
            try {
                thread.execute(this::beat);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                immediateQueued.set(false); // stopped meanwhile
            }
        }
    }

    private void beat() {
        immediateQueued.set(false);
        if (next != null) {
            next.cancel(false);
            next = null;
        }
        if (!running) {
            return;
        }
        AllocateResponse response;
        synchronized (allocateLock) {
            if (!running) {
                return;
            }
            try {
                response = client.allocate(0f);
            } catch (ApplicationAttemptNotFoundException e) {
                running = false;
                LOG.warn("YARN does not know this application attempt any more: {}", e.getMessage());
                callbacks.onShutdownRequest();
                return;
            } catch (Throwable t) {
                if (running) { // not when stop() interrupted it
                    running = false;
                    callbacks.onError(t);
                }
                return;
            }
        }
        if (response.getAMCommand() == AMCommand.AM_SHUTDOWN) {
            running = false;
            callbacks.onShutdownRequest();
            return;
        }
        try {
            if (!response.getCompletedContainersStatuses().isEmpty()) {
                callbacks.onContainersCompleted(response.getCompletedContainersStatuses());
            }
            if (!response.getAllocatedContainers().isEmpty()) {
                callbacks.onContainersAllocated(response.getAllocatedContainers());
            }
        } catch (RuntimeException e) {
            // a bug in the bookkeeping must not end the heartbeats (YARN would expire the attempt)
            LOG.error("Handling a YARN heartbeat response failed", e);
        }
        if (running) {
            Duration delay = hasPending.getAsBoolean() ? pending : idle;
            next = thread.schedule(this::beat, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Stops heartbeating and ends the attempt at YARN with this status. */
    void unregister(FinalApplicationStatus status, String diagnostics, String trackingUrl) throws Exception {
        synchronized (allocateLock) {
            running = false;
            client.unregisterApplicationMaster(status, diagnostics, trackingUrl);
        }
    }

    /** Stops heartbeating (without unregistering) and waits briefly for a heartbeat in flight. */
    void stop() {
        running = false;
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
