package io.sluice.resourcemanager;

import io.sluice.common.ResourceId;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** TaskManagers are started by hand (bin/sluice taskmanager); the ResourceManager only uses those that register. */
public final class StandaloneDriver implements ResourceManagerDriver {

    @Override
    public void initialize(WorkerEventHandler handler, Executor mainThread) {}

    @Override
    public boolean canStartWorkers() {
        return false;
    }

    @Override
    public CompletableFuture<StartedWorker> requestWorker(WorkerSpec spec) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException(
                "the standalone driver cannot start TaskManagers: start them with bin/sluice taskmanager"));
    }

    @Override
    public void releaseWorker(ResourceId worker) {}

    @Override
    public CompletableFuture<Void> terminate() {
        return CompletableFuture.completedFuture(null);
    }
}
