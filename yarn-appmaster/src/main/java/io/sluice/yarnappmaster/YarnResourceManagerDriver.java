package io.sluice.yarnappmaster;

import io.sluice.common.ResourceId;
import io.sluice.resourcemanager.ResourceManagerDriver;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.apache.hadoop.yarn.api.protocolrecords.RegisterApplicationMasterResponse;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerExitStatus;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.client.api.AMRMClient.ContainerRequest;
import org.apache.hadoop.yarn.client.api.AMRMClient;
import org.apache.hadoop.yarn.client.api.async.NMClientAsync;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TaskManagers as YARN containers. Requests are tracked one by one: each allocation satisfies
 * exactly one waiting request (whose ContainerRequest is removed, so YARN does not hand out more),
 * surplus containers go back at once, and launches are asynchronous (NMClientAsync). A new request
 * is sent to YARN at once (see {@link AmRmHeartbeat}); after that the heartbeat is fast while
 * requests wait and slow otherwise. Containers of a previous attempt (keep-containers) are adopted
 * as recovered workers.
 */
public final class YarnResourceManagerDriver implements ResourceManagerDriver {

    private static final Logger LOG = LoggerFactory.getLogger(YarnResourceManagerDriver.class);
    private static final Priority PRIORITY = Priority.newInstance(1);

    /** What the driver needs to know about the AM and its TaskManagers. */
    public record Settings(String host, int restPort, String trackingUrl, Resource containerResource,
                           Duration heartbeat, Duration pendingHeartbeat, Duration recoveryTimeout,
                           int maxStartFailuresPerNode) {}

    private final Settings settings;
    private final YarnConfiguration yarn;
    private final TaskManagerLauncher launcher;
    /** A container request that YARN has not answered yet. */
    private record PendingRequest(CompletableFuture<StartedWorker> future, long requestedAtNanos) {}

    /** An allocated container whose start the NodeManager has not confirmed yet. */
    private record Launch(CompletableFuture<StartedWorker> future, long allocatedAtMillis) {}

    private final Deque<PendingRequest> pending = new ArrayDeque<>();
    /** Launched or being launched, by container id. */
    private final Map<ContainerId, Container> containers = new ConcurrentHashMap<>();
    private final Map<ContainerId, Launch> launching = new ConcurrentHashMap<>();
    private final Map<String, Integer> startFailuresByNode = new HashMap<>();
    private final List<StartedWorker> recovered = new ArrayList<>();
    private AMRMClient<ContainerRequest> amrm;
    private AmRmHeartbeat heartbeat;
    private NMClientAsync nm;
    private WorkerEventHandler handler;
    private Executor mainThread;
    private volatile boolean stopped;
    private final CompletableFuture<Void> registered = new CompletableFuture<>();

    public YarnResourceManagerDriver(Settings settings, YarnConfiguration yarn, TaskManagerLauncher launcher) {
        this.settings = settings;
        this.yarn = yarn;
        this.launcher = launcher;
    }

    @Override
    public void initialize(WorkerEventHandler handler, Executor mainThread) throws Exception {
        try {
            register(handler, mainThread);
            registered.complete(null);
        } catch (Exception | Error e) {
            registered.completeExceptionally(e);
            throw e;
        }
    }

    /** Completes once the AM is registered with YARN; fails with the reason when it could not. */
    public CompletableFuture<Void> registered() {
        return registered;
    }

    private void register(WorkerEventHandler handler, Executor mainThread) throws Exception {
        this.handler = handler;
        this.mainThread = mainThread;
        nm = NMClientAsync.createNMClientAsync(new NodeManagerCallbacks());
        nm.init(yarn);
        nm.start();
        amrm = AMRMClient.createAMRMClient();
        amrm.init(yarn);
        amrm.start();
        RegisterApplicationMasterResponse response = amrm.registerApplicationMaster(settings.host(), settings.restPort(),
                settings.trackingUrl());
        for (Container c : response.getContainersFromPreviousAttempts()) {
            containers.put(c.getId(), c);
            // YARN does not say when a kept container was allocated or started: those times stay unknown
            recovered.add(new StartedWorker(new ResourceId(c.getId().toString()), c.getNodeId().toString(), 0, 0));
        }
        // after the kept containers are known: the first heartbeat may already report one of them ended
        heartbeat = new AmRmHeartbeat(amrm, settings.heartbeat(), settings.pendingHeartbeat(), this::hasPendingRequests,
                new ResourceManagerCallbacks());
        heartbeat.start();
        LOG.info("Registered with YARN (tracking URL {}); {} container(s) kept from the previous attempt: {}; "
                + "TaskManager containers: {}", settings.trackingUrl(), recovered.size(),
                recovered.stream().map(w -> w.id() + " on " + w.node()).toList(), settings.containerResource());
    }

    @Override
    public List<StartedWorker> recoveredWorkers() {
        return List.copyOf(recovered);
    }

    @Override
    public Duration recoveredWorkerTimeout() {
        return settings.recoveryTimeout();
    }

    @Override
    public boolean canStartWorkers() {
        return true;
    }

    @Override
    public CompletableFuture<StartedWorker> requestWorker(WorkerSpec spec) {
        CompletableFuture<StartedWorker> future = new CompletableFuture<>();
        int waiting;
        synchronized (this) {
            pending.add(new PendingRequest(future, System.nanoTime()));
            amrm.addContainerRequest(new ContainerRequest(settings.containerResource(), null, null, PRIORITY));
            waiting = pending.size();
        }
        heartbeat.now();
        LOG.info("Requested a TaskManager container {} ({} waiting)", settings.containerResource(), waiting);
        return future;
    }

    private synchronized boolean hasPendingRequests() {
        return !pending.isEmpty();
    }

    private synchronized void onAllocated(List<Container> allocated) {
        for (Container c : allocated) {
            PendingRequest request = pending.poll();
            removeOneRequest();
            if (request == null || stopped) {
                LOG.info("Returning surplus container {} on {}", c.getId(), c.getNodeId());
                amrm.releaseAssignedContainer(c.getId());
                continue;
            }
            LOG.info("Container {} on {} allocated {} ms after its request", c.getId(), c.getNodeId(),
                    (System.nanoTime() - request.requestedAtNanos()) / 1_000_000);
            containers.put(c.getId(), c);
            launching.put(c.getId(), new Launch(request.future(), System.currentTimeMillis()));
            try {
                nm.startContainerAsync(c, launcher.launchContext(c));
                LOG.info("Launching TaskManager in container {} on {}", c.getId(), c.getNodeId());
            } catch (Exception e) {
                onStartFailed(c.getId(), e);
            }
        }
    }

    /** YARN keeps a request until it is removed; without this a fulfilled request would be allocated again. */
    private void removeOneRequest() {
        var matching = amrm.getMatchingRequests(PRIORITY, org.apache.hadoop.yarn.api.records.ResourceRequest.ANY,
                settings.containerResource());
        if (!matching.isEmpty() && !matching.get(0).isEmpty()) {
            amrm.removeContainerRequest(matching.get(0).iterator().next());
        }
    }

    private void onStartFailed(ContainerId id, Throwable t) {
        Container c = containers.remove(id);
        Launch request = launching.remove(id);
        amrm.releaseAssignedContainer(id);
        if (c != null) {
            String node = c.getNodeId().getHost();
            int failures;
            synchronized (this) {
                failures = startFailuresByNode.merge(node, 1, Integer::sum);
            }
            if (failures == settings.maxStartFailuresPerNode()) {
                LOG.warn("{} TaskManager containers failed to start on {}: avoiding this node from now on", failures, node);
                amrm.updateBlacklist(List.of(node), null);
            }
        }
        if (request != null) {
            request.future().completeExceptionally(new IllegalStateException("container " + id + " failed to start: " + t, t));
        }
    }

    @Override
    public void releaseWorker(ResourceId worker) {
        ContainerId id = ContainerId.fromString(worker.value());
        if (containers.remove(id) != null) {
            LOG.info("Releasing container {}", id);
            // works for containers of earlier attempts too (NMClientAsync only knows the ones it started)
            amrm.releaseAssignedContainer(id);
        }
    }

    private void onCompleted(List<ContainerStatus> statuses) {
        for (ContainerStatus s : statuses) {
            Container c = containers.remove(s.getContainerId());
            Launch request = launching.remove(s.getContainerId());
            String diagnostics = describe(s);
            if (request != null) {
                request.future().completeExceptionally(new IllegalStateException("container " + s.getContainerId()
                        + " ended while starting: " + diagnostics));
            }
            if (c != null && !stopped) {
                ResourceId id = new ResourceId(s.getContainerId().toString());
                LOG.warn("Container {} completed: {}", s.getContainerId(), diagnostics);
                mainThread.execute(() -> handler.onWorkerTerminated(id, s.getExitStatus(), diagnostics));
            }
        }
    }

    /** YARN's exit status in words; memory kills say which limit to raise. */
    static String describe(ContainerStatus s) {
        int exit = s.getExitStatus();
        String what = switch (exit) {
            case ContainerExitStatus.KILLED_EXCEEDED_PMEM, ContainerExitStatus.KILLED_EXCEEDED_VMEM ->
                    "killed by the NodeManager for using more memory than the container has; raise "
                            + "taskmanager.memory.process.size";
            case ContainerExitStatus.ABORTED -> "released or lost (aborted)";
            case ContainerExitStatus.PREEMPTED -> "preempted by the YARN scheduler";
            case ContainerExitStatus.DISKS_FAILED -> "the node's disks failed";
            case ContainerExitStatus.KILLED_BY_RESOURCEMANAGER -> "killed by the YARN ResourceManager";
            case ContainerExitStatus.KILLED_BY_APPMASTER -> "stopped by the ApplicationMaster";
            default -> "exit code " + exit;
        };
        String diag = s.getDiagnostics() == null ? "" : s.getDiagnostics().trim();
        return what + (diag.isEmpty() ? "" : " (" + diag + ")");
    }

    /** Ends the application at YARN with this final status. */
    public void unregister(FinalApplicationStatus status, String diagnostics) {
        try {
            heartbeat.unregister(status, diagnostics, settings.trackingUrl());
            LOG.info("Unregistered from YARN: {}", status);
        } catch (Exception e) {
            LOG.warn("Could not unregister from YARN: {}", e.toString());
        }
    }

    @Override
    public CompletableFuture<Void> terminate() {
        stopped = true;
        synchronized (this) {
            pending.forEach(r -> r.future().cancel(false));
            pending.clear();
        }
        if (heartbeat != null) {
            heartbeat.stop();
        }
        try {
            nm.stop();
        } catch (Exception e) {
            LOG.debug("Stopping the NodeManager client: {}", e.toString());
        }
        try {
            amrm.stop();
        } catch (Exception e) {
            LOG.debug("Stopping the ResourceManager client: {}", e.toString());
        }
        return CompletableFuture.completedFuture(null);
    }

    private final class ResourceManagerCallbacks implements AmRmHeartbeat.Callbacks {
        @Override
        public void onContainersAllocated(List<Container> allocated) {
            onAllocated(allocated);
        }

        @Override
        public void onContainersCompleted(List<ContainerStatus> statuses) {
            onCompleted(statuses);
        }

        @Override
        public void onShutdownRequest() {
            LOG.error("YARN asked this ApplicationMaster to shut down");
            mainThread.execute(() -> handler.onError(new IllegalStateException("YARN asked the ApplicationMaster to shut down")));
        }

        @Override
        public void onError(Throwable e) {
            LOG.error("Lost the connection to the YARN ResourceManager", e);
            if (!stopped) {
                mainThread.execute(() -> handler.onError(e));
            }
        }
    }

    private final class NodeManagerCallbacks extends NMClientAsync.AbstractCallbackHandler {
        @Override
        public void onContainerStarted(ContainerId id, Map<String, java.nio.ByteBuffer> serviceData) {
            long now = System.currentTimeMillis();
            Launch request = launching.remove(id);
            Container c = containers.get(id);
            if (request != null) {
                request.future().complete(new StartedWorker(new ResourceId(id.toString()),
                        c == null ? "?" : c.getNodeId().toString(), request.allocatedAtMillis(), now));
            }
        }

        @Override
        public void onStartContainerError(ContainerId id, Throwable t) {
            LOG.warn("Container {} failed to start: {}", id, t.toString());
            onStartFailed(id, t);
        }

        @Override
        public void onContainerStatusReceived(ContainerId id, ContainerStatus status) {}

        @Override
        public void onContainerStopped(ContainerId id) {}

        @Override
        public void onGetContainerStatusError(ContainerId id, Throwable t) {}

        @Override
        public void onContainerResourceIncreased(ContainerId id, Resource resource) {}

        @Override
        public void onContainerResourceUpdated(ContainerId id, Resource resource) {}

        @Override
        public void onIncreaseContainerResourceError(ContainerId id, Throwable t) {}

        @Override
        public void onUpdateContainerResourceError(ContainerId id, Throwable t) {}

        @Override
        public void onStopContainerError(ContainerId id, Throwable t) {}
    }
}
