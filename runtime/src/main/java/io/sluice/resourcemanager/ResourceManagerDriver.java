package io.sluice.resourcemanager;

import io.sluice.common.ResourceId;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * How the ResourceManager gets and gives back TaskManager processes: by hand (standalone), as
 * local JVMs (process), or as YARN containers (yarn-appmaster). The ResourceManager decides when;
 * the driver only does it and reports workers that end on their own.
 */
public interface ResourceManagerDriver {

    /** Called once on the ResourceManager's main thread; events must be delivered through {@code mainThread}. */
    void initialize(WorkerEventHandler handler, Executor mainThread) throws Exception;

    /** False when workers cannot be started on demand (standalone): then requests wait for TaskManagers started by hand. */
    boolean canStartWorkers();

    /** Starts a worker; completes once it is launched (it registers itself later). */
    CompletableFuture<StartedWorker> requestWorker(WorkerSpec spec);

    /** Stops a worker this driver started; ignored for others. */
    void releaseWorker(ResourceId worker);

    /** Workers that survived a previous ResourceManager (e.g. YARN containers of an earlier attempt). */
    default List<StartedWorker> recoveredWorkers() {
        return List.of();
    }

    /** How long recovered workers may take to register before they are released and replaced. */
    default java.time.Duration recoveredWorkerTimeout() {
        return java.time.Duration.ofSeconds(30);
    }

    /** Stops all workers this driver started and releases its resources. */
    CompletableFuture<Void> terminate();

    /** What a worker must offer. */
    record WorkerSpec(int slots) {}

    /**
     * A worker the driver launched or adopted. Only the driver knows when its resources were granted
     * and when the start was accepted; the ResourceManager records these with its own request and
     * registration times (see {@link WorkerHistory}).
     *
     * @param node              where it runs (a YARN NodeManager id, a host name)
     * @param allocatedAtMillis when its resources were granted (epoch millis; 0 when unknown, e.g. kept from a previous attempt)
     * @param launchedAtMillis  when its start was accepted (epoch millis; 0 when unknown)
     */
    record StartedWorker(ResourceId id, String node, long allocatedAtMillis, long launchedAtMillis) {}

    /** The exit status of a worker that ended (a process exit code, YARN's container exit status). */
    int UNKNOWN_EXIT_STATUS = Integer.MIN_VALUE;

    /** Callbacks from the driver, on the ResourceManager's main thread. */
    interface WorkerEventHandler {

        /**
         * The worker ended (process exit, container completed); {@code exitStatus} is its exit code or
         * YARN exit status ({@link #UNKNOWN_EXIT_STATUS} when unknown), {@code diagnostics} says why.
         */
        void onWorkerTerminated(ResourceId worker, int exitStatus, String diagnostics);

        /** The driver cannot go on (e.g. lost its YARN connection for good). */
        void onError(Throwable cause);
    }
}
