package io.sluice.resourcemanager;

import io.sluice.taskexecutor.ResourceId;
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

    /** Starts a worker; completes with its id once launched (it registers itself later). */
    CompletableFuture<ResourceId> requestWorker(WorkerSpec spec);

    /** Stops a worker this driver started; ignored for others. */
    void releaseWorker(ResourceId worker);

    /** Workers that survived a previous ResourceManager (e.g. YARN containers of an earlier attempt). */
    default List<ResourceId> recoveredWorkers() {
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

    /** Callbacks from the driver, on the ResourceManager's main thread. */
    interface WorkerEventHandler {

        /** The worker ended (process exit, container completed); {@code diagnostics} says why. */
        void onWorkerTerminated(ResourceId worker, String diagnostics);

        /** The driver cannot go on (e.g. lost its YARN connection for good). */
        void onError(Throwable cause);
    }
}
