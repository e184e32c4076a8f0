package io.sluice.resourcemanager;

import io.sluice.api.common.JobId;
import io.sluice.common.AllocationId;
import io.sluice.common.ResourceId;
import io.sluice.heartbeat.HeartbeatMonitor;
import io.sluice.leader.LeaderContender;
import io.sluice.leader.LeaderElection;
import io.sluice.leader.LeaderInfo;
import io.sluice.protocol.JobMasterProtocol;
import io.sluice.protocol.ResourceManagerProtocol.*;
import io.sluice.protocol.ResourceManagerProtocol;
import io.sluice.protocol.SlotStatus;
import io.sluice.protocol.TaskExecutorProtocol;
import io.sluice.rpc.FencedRpcEndpoint;
import io.sluice.rpc.RpcRef;
import io.sluice.rpc.RpcService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Knows every TaskManager and its slots, hands slots to JobMasters, and through its
 * {@link ResourceManagerDriver} starts TaskManagers when requests cannot be served and gives back
 * those that stay idle.
 */
public final class ResourceManager extends FencedRpcEndpoint<ResourceManagerProtocol>
        implements LeaderContender, ResourceManagerDriver.WorkerEventHandler {

    public static final String ENDPOINT_NAME = "resourcemanager";

    private record TaskExecutorEntry(RpcRef<TaskExecutorProtocol> ref, String address, long registeredAtMillis) {}

    private record JobMasterEntry(RpcRef<JobMasterProtocol> ref, String address, UUID token) {}

    private final ResourceManagerSettings settings;
    private final ResourceManagerDriver driver;
    private final LeaderElection leaderElection;
    private final SlotManager slotManager;
    private final Map<ResourceId, TaskExecutorEntry> taskExecutors = new LinkedHashMap<>();
    private final Map<JobId, JobMasterEntry> jobMasters = new HashMap<>();
    private final HeartbeatMonitor<Object> heartbeats;
    /** Workers the driver started and that are still alive. */
    private final Set<ResourceId> driverWorkers = new HashSet<>();
    /** Driver workers this ResourceManager released; they leave driverWorkers when their end is reported. */
    private final Set<ResourceId> releasedWorkers = new HashSet<>();
    /** Workers that ended or failed before they registered, in a row: backs off the resourcemanager.taskmanagers.min floor. */
    private int consecutiveStartFailures;
    private long floorRetryAtNanos;
    /** Started by the driver, not registered yet: id -> start time (nanos). */
    private final Map<ResourceId, Long> startingWorkers = new HashMap<>();
    /** Start-up times and ends of the workers, for REST and the log. */
    private final WorkerHistory history = new WorkerHistory();
    private int requestedWorkers;

    public ResourceManager(RpcService rpcService, ResourceManagerSettings settings, ResourceManagerDriver driver,
                           LeaderElection leaderElection) {
        super(rpcService, ENDPOINT_NAME, ResourceManagerProtocol.class);
        this.settings = settings;
        this.driver = driver;
        this.leaderElection = leaderElection;
        this.slotManager = new SlotManager(this::allocateSlot);
        this.heartbeats = new HeartbeatMonitor<>(settings.heartbeat().timeout());
    }

    @Override
    protected void onStart() throws Exception {
        driver.initialize(this, mainThreadExecutor());
        adoptRecoveredWorkers();
        leaderElection.start(this);
        scheduleRunAsync(this::tick, settings.heartbeat().interval());
    }

    @Override
    public void grantLeadership(UUID token) {
        runAsync(() -> {
            setFencingToken(token);
            log.info("ResourceManager {} is leader (token {})", address(), token);
            leaderElection.confirmLeadership(new LeaderInfo(address(), token));
            startWorkersIfNeeded(); // resourcemanager.taskmanagers.min
        });
    }

    @Override
    public void revokeLeadership() {
        runAsync(() -> {
            log.warn("ResourceManager lost leadership");
            setFencingToken(null);
            new ArrayList<>(taskExecutors.keySet()).forEach(id -> closeTaskExecutor(id, "leadership lost", false));
            jobMasters.clear();
        });
    }

    @Override
    protected Object handle(ResourceManagerProtocol message) {
        if (message instanceof RegisterTaskExecutor m) {
            return registerTaskExecutor(m);
        } else if (message instanceof RegisterJobMaster m) {
            return registerJobMaster(m);
        } else if (message instanceof RequestSlot m) {
            if (!jobMasters.containsKey(m.jobId())) {
                throw new IllegalStateException("job " + m.jobId() + " has no registered JobMaster");
            }
            slotManager.requestSlot(m.jobId(), m.allocationId());
            startWorkersIfNeeded();
            return null;
        } else if (message instanceof CancelSlotRequest m) {
            slotManager.cancelRequest(m.allocationId());
            return null;
        } else if (message instanceof SlotFreed m) {
            slotManager.slotFreed(m.resourceId(), m.slotIndex(), m.allocationId());
            return null;
        } else if (message instanceof DisconnectTaskExecutor m) {
            log.info("TaskManager {} disconnected: {}", m.resourceId(), m.cause());
            closeTaskExecutor(m.resourceId(), m.cause(), true);
            if (!driverWorkers.contains(m.resourceId())) {
                // started by hand: this is its end (the driver reports the end of the ones it started)
                history.ended(m.resourceId(), null, "disconnected: " + m.cause(), System.currentTimeMillis());
            }
            return null;
        } else if (message instanceof DisconnectJobMaster m) {
            closeJobMaster(m.jobId(), m.cause());
            return null;
        } else if (message instanceof ListTaskManagers) {
            List<TaskManagerInfo> infos = new ArrayList<>();
            taskExecutors.forEach((id, e) -> infos.add(new TaskManagerInfo(id, e.address(), slotManager.slotsOf(id),
                    slotManager.freeSlotsOf(id), heartbeats.millisSinceLastHeartbeat(id), e.registeredAtMillis(),
                    history.of(id).orElse(null))));
            return infos;
        } else if (message instanceof ListWorkers) {
            return history.snapshot();
        } else if (message instanceof RequestOverview) {
            return new ResourceOverview(taskExecutors.size(), slotManager.totalSlots(), slotManager.freeSlots(),
                    slotManager.unassignedRequests(), startingWorkers.size() + requestedWorkers);
        }
        throw new IllegalArgumentException("unknown message " + message);
    }

    private CompletableFuture<Registration> registerTaskExecutor(RegisterTaskExecutor m) {
        UUID token = fencingToken();
        return rpcService().connect(m.address(), TaskExecutorProtocol.class).thenApplyAsync(ref -> {
            if (!token.equals(fencingToken())) {
                return Registration.declined("the ResourceManager lost leadership during registration");
            }
            if (taskExecutors.containsKey(m.resourceId())) {
                // Re-registration (e.g. after a lost heartbeat): its own slot report is the truth.
                closeTaskExecutor(m.resourceId(), "re-registered", false);
            }
            long now = System.currentTimeMillis();
            taskExecutors.put(m.resourceId(), new TaskExecutorEntry(ref, m.address(), now));
            history.registered(m.resourceId(), m.host(), now).ifPresent(log::info);
            heartbeats.monitor(m.resourceId());
            startingWorkers.remove(m.resourceId());
            consecutiveStartFailures = 0;
            slotManager.registerTaskManager(m.resourceId(), m.slots());
            log.info("TaskManager {} registered from {} with {} slot(s)", m.resourceId(), m.host(), m.slots().size());
            return Registration.accepted(token);
        }, mainThreadExecutor());
    }

    private CompletableFuture<Registration> registerJobMaster(RegisterJobMaster m) {
        UUID token = fencingToken();
        return rpcService().connect(m.address(), m.jobMasterToken(), JobMasterProtocol.class).thenApplyAsync(ref -> {
            if (!token.equals(fencingToken())) {
                return Registration.declined("the ResourceManager lost leadership during registration");
            }
            JobMasterEntry old = jobMasters.put(m.jobId(), new JobMasterEntry(ref, m.address(), m.jobMasterToken()));
            if (old != null && !old.token().equals(m.jobMasterToken())) {
                slotManager.removeRequestsOf(m.jobId());
            }
            heartbeats.monitor(m.jobId());
            log.info("JobMaster of job {} registered ({})", m.jobId(), m.address());
            return Registration.accepted(token);
        }, mainThreadExecutor());
    }

    private void allocateSlot(ResourceId tm, int index, JobId jobId, AllocationId allocationId) {
        TaskExecutorEntry te = taskExecutors.get(tm);
        JobMasterEntry jm = jobMasters.get(jobId);
        if (te == null || jm == null) {
            runAsync(() -> slotManager.allocationFailed(tm, index, allocationId));
            return;
        }
        te.ref().ask(new TaskExecutorProtocol.RequestSlot(fencingToken(), index, jobId, allocationId, jm.address(), jm.token()))
                .whenCompleteAsync((ok, failure) -> {
                    if (failure == null) {
                        slotManager.allocationSucceeded(tm, index, allocationId);
                    } else {
                        log.warn("TaskManager {} refused slot {} for job {}: {}", tm, index, jobId, failure.toString());
                        slotManager.allocationFailed(tm, index, allocationId);
                    }
                }, mainThreadExecutor());
    }

    // ---- workers ----

    private void startWorkersIfNeeded() {
        if (!driver.canStartWorkers() || fencingToken() == null) {
            return;
        }
        int waiting = slotManager.unassignedRequests();
        int coming = slotManager.freeSlots() + (startingWorkers.size() + requestedWorkers) * settings.slotsPerWorker();
        int missingSlots = waiting - coming;
        int alive = driverWorkers.size() + requestedWorkers;
        // the floor waits after start failures (e.g. bad JVM options): without it an idle session would
        // ask for a container, watch it die, and ask again, forever
        int forFloor = System.nanoTime() - floorRetryAtNanos < 0 ? 0 : settings.minWorkers() - liveWorkers();
        int wanted = Math.max((missingSlots + settings.slotsPerWorker() - 1) / settings.slotsPerWorker(), forFloor);
        if (wanted <= 0) {
            return;
        }
        int toStart = Math.min(wanted, settings.maxWorkers() - alive);
        if (toStart <= 0) {
            log.warn("{} slot request(s) wait, but resourcemanager.process.max-workers ({}) TaskManagers already run",
                    waiting, settings.maxWorkers());
            return;
        }
        for (int i = 0; i < toStart; i++) {
            requestedWorkers++;
            long request = history.requested(System.currentTimeMillis());
            driver.requestWorker(new ResourceManagerDriver.WorkerSpec(settings.slotsPerWorker()))
                    .whenCompleteAsync((started, failure) -> {
                        requestedWorkers--;
                        if (failure != null) {
                            log.warn("Could not start a TaskManager: {}", failure.toString());
                            startFailed();
                            history.requestFailed(request, String.valueOf(failure.getMessage()), System.currentTimeMillis());
                        } else {
                            ResourceId id = started.id();
                            history.launched(request, started);
                            driverWorkers.add(id);
                            startingWorkers.put(id, System.nanoTime());
                            log.info("Started TaskManager {} on {}", id, started.node());
                        }
                    }, mainThreadExecutor());
        }
    }

    /**
     * Workers the driver started or is starting that this ResourceManager has not released, plus the
     * requested ones. Counted from driverWorkers, not from registrations, so that TaskManagers that
     * re-register after a leadership change are not replaced meanwhile.
     */
    private int liveWorkers() {
        return (int) driverWorkers.stream().filter(w -> !releasedWorkers.contains(w)).count() + requestedWorkers;
    }

    private void startFailed() {
        consecutiveStartFailures++;
        long backoffMs = Math.min(60_000L, 1000L << Math.min(consecutiveStartFailures - 1, 6));
        floorRetryAtNanos = System.nanoTime() + backoffMs * 1_000_000L;
    }

    private void release(ResourceId id) {
        if (driverWorkers.contains(id)) {
            releasedWorkers.add(id);
        }
        driver.releaseWorker(id);
    }

    /**
     * Workers of a previous attempt (kept YARN containers) count as starting: no replacement is
     * requested for their slots while they may still re-register, and those that have not done so
     * within the driver's recovery timeout are released like any worker that failed to start.
     */
    private void adoptRecoveredWorkers() {
        List<ResourceManagerDriver.StartedWorker> recoveredWorkers = driver.recoveredWorkers();
        if (recoveredWorkers.isEmpty()) {
            return;
        }
        long now = System.currentTimeMillis();
        recoveredWorkers.forEach(w -> history.recovered(w, now));
        List<ResourceId> recovered = recoveredWorkers.stream().map(ResourceManagerDriver.StartedWorker::id).toList();
        // startingWorkers holds start times checked against workerStartTimeout; shift them so that
        // the recovered ones expire after the (shorter) recovery timeout instead.
        long pretendStart = System.nanoTime() - settings.workerStartTimeout().toNanos()
                + driver.recoveredWorkerTimeout().toNanos();
        for (ResourceId id : recovered) {
            driverWorkers.add(id);
            startingWorkers.put(id, pretendStart);
        }
        log.info("Waiting up to {} for {} TaskManager(s) of the previous attempt to register: {}",
                driver.recoveredWorkerTimeout(), recovered.size(), recovered);
    }

    @Override
    public void onWorkerTerminated(ResourceId worker, int exitStatus, String diagnostics) {
        history.ended(worker, exitStatus == ResourceManagerDriver.UNKNOWN_EXIT_STATUS ? null : exitStatus, diagnostics,
                System.currentTimeMillis());
        boolean releasedByUs = releasedWorkers.remove(worker);
        if (driverWorkers.remove(worker) && startingWorkers.remove(worker) != null && !releasedByUs) {
            startFailed(); // ended before it registered
        }
        startingWorkers.remove(worker);
        if (taskExecutors.containsKey(worker)) {
            log.warn("TaskManager {} ended: {}", worker, diagnostics);
            closeTaskExecutor(worker, "TaskManager " + worker + " ended: " + diagnostics, true);
        }
        startWorkersIfNeeded();
    }

    @Override
    public void onError(Throwable cause) {
        log.error("The resource manager driver failed", cause);
    }

    // ---- liveness ----

    private void tick() {
        UUID token = fencingToken();
        if (token != null) {
            for (Map.Entry<ResourceId, TaskExecutorEntry> e : taskExecutors.entrySet()) {
                ResourceId id = e.getKey();
                e.getValue().ref().<List<SlotStatus>>ask(new TaskExecutorProtocol.ResourceManagerHeartbeat(token),
                                settings.heartbeat().timeout())
                        .whenCompleteAsync((report, failure) -> {
                            if (failure == null && taskExecutors.containsKey(id)) {
                                heartbeats.reportHeartbeat(id);
                                slotManager.reconcile(id, report);
                            }
                        }, mainThreadExecutor());
            }
            for (Map.Entry<JobId, JobMasterEntry> e : jobMasters.entrySet()) {
                JobId jobId = e.getKey();
                e.getValue().ref().ask(new JobMasterProtocol.ResourceManagerHeartbeat(), settings.heartbeat().timeout())
                        .whenCompleteAsync((r, failure) -> {
                            if (failure == null) {
                                heartbeats.reportHeartbeat(jobId);
                            }
                        }, mainThreadExecutor());
            }
            for (Object peer : heartbeats.removeExpired()) {
                if (peer instanceof ResourceId id) {
                    log.warn("TaskManager {} missed heartbeats for {}: considered lost", id, settings.heartbeat().timeout());
                    closeTaskExecutor(id, "heartbeat of TaskManager " + id + " timed out", true);
                    history.ended(id, null, "heartbeat timed out after " + settings.heartbeat().timeout() + "; released",
                            System.currentTimeMillis());
                    release(id);
                } else {
                    closeJobMaster((JobId) peer, "heartbeat timed out");
                }
            }
            releaseIdleAndStuckWorkers();
            startWorkersIfNeeded();
        }
        scheduleRunAsync(this::tick, settings.heartbeat().interval());
    }

    private void releaseIdleAndStuckWorkers() {
        if (slotManager.unassignedRequests() == 0) {
            int running = liveWorkers();
            for (ResourceId id : slotManager.idleTaskManagers(settings.idleTimeout().toNanos())) {
                if (driverWorkers.contains(id) && running > settings.minWorkers()) {
                    running--;
                    log.info("Releasing TaskManager {}: idle for more than {}", id, settings.idleTimeout());
                    closeTaskExecutor(id, "idle", false);
                    history.ended(id, null, "released: idle for more than " + settings.idleTimeout(), System.currentTimeMillis());
                    release(id);
                }
            }
        }
        long now = System.nanoTime();
        new ArrayList<>(startingWorkers.entrySet()).forEach(e -> {
            if (now - e.getValue() > settings.workerStartTimeout().toNanos()) {
                log.warn("TaskManager {} did not register within {}; releasing it", e.getKey(), settings.workerStartTimeout());
                startingWorkers.remove(e.getKey());
                history.ended(e.getKey(), null, "released: did not register in time", System.currentTimeMillis());
                release(e.getKey());
                startFailed();
            }
        });
    }

    private void closeTaskExecutor(ResourceId id, String cause, boolean notifyJobs) {
        TaskExecutorEntry entry = taskExecutors.remove(id);
        heartbeats.unmonitor(id);
        Set<JobId> affected = slotManager.unregisterTaskManager(id);
        if (entry == null) {
            return;
        }
        if (notifyJobs) {
            for (JobId jobId : affected) {
                JobMasterEntry jm = jobMasters.get(jobId);
                if (jm != null) {
                    jm.ref().tell(new JobMasterProtocol.DisconnectTaskManager(id, cause));
                }
            }
        }
        if (notifyJobs && fencingToken() != null) {
            // It may still be alive (e.g. a network hiccup): make it register again with a clean state.
            entry.ref().tell(new TaskExecutorProtocol.DisconnectResourceManager(fencingToken(), cause));
        }
    }

    private void closeJobMaster(JobId jobId, String cause) {
        if (jobMasters.remove(jobId) != null) {
            log.info("JobMaster of job {} disconnected: {}", jobId, cause);
        }
        heartbeats.unmonitor(jobId);
        slotManager.removeRequestsOf(jobId);
    }

    @Override
    protected CompletableFuture<Void> onStop() {
        try {
            leaderElection.close();
        } catch (Exception e) {
            log.warn("Closing leader election: {}", e.toString());
        }
        return driver.terminate();
    }
}
