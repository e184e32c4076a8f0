package io.sluice.taskexecutor;

import io.sluice.api.common.JobId;
import io.sluice.blob.BlobCache;
import io.sluice.common.AllocationId;
import io.sluice.common.ExecutionAttemptId;
import io.sluice.common.ExecutionState;
import io.sluice.common.ResourceId;
import io.sluice.heartbeat.HeartbeatMonitor;
import io.sluice.leader.LeaderRetrieval;
import io.sluice.protocol.JobMasterProtocol;
import io.sluice.protocol.ResourceManagerProtocol;
import io.sluice.protocol.SlotStatus;
import io.sluice.protocol.TaskExecutionState;
import io.sluice.protocol.TaskExecutorProtocol.CancelTask;
import io.sluice.protocol.TaskExecutorProtocol.DisconnectJobMaster;
import io.sluice.protocol.TaskExecutorProtocol.DisconnectResourceManager;
import io.sluice.protocol.TaskExecutorProtocol.FreeSlot;
import io.sluice.protocol.TaskExecutorProtocol.JobMasterHeartbeat;
import io.sluice.protocol.TaskExecutorProtocol.RequestSlot;
import io.sluice.protocol.TaskExecutorProtocol.ResourceManagerHeartbeat;
import io.sluice.protocol.TaskExecutorProtocol.SubmitTask;
import io.sluice.protocol.TaskExecutorProtocol;
import io.sluice.rpc.FencingTokenException;
import io.sluice.rpc.RpcEndpoint;
import io.sluice.rpc.RpcService;
import io.sluice.task.CheckpointResponder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The TaskManager's endpoint: registers with the ResourceManager, gives slots to the jobs the
 * ResourceManager assigns, offers them to each job's JobMaster, and runs the tasks it is sent.
 */
public final class TaskExecutor extends RpcEndpoint<TaskExecutorProtocol> {

    public static final String ENDPOINT_PREFIX = "taskmanager";
    private static final String RESOURCE_MANAGER = "resourcemanager";

    private final TaskExecutorSettings settings;
    private final LeaderRetrieval resourceManagerRetrieval;
    private final Consumer<Throwable> fatalErrorHandler;
    private final TaskSlotTable slots;
    private final UserCodeClassLoaders classLoaders;
    private final Map<ExecutionAttemptId, Task> tasks = new HashMap<>();
    private final Map<JobId, JobMasterConnection> jobMasters = new HashMap<>();
    private final HeartbeatMonitor<Object> heartbeats;

    private final ResourceManagerConnection resourceManager;
    private final io.sluice.network.NetworkEnvironment network;

    public TaskExecutor(RpcService rpcService, TaskExecutorSettings settings, LeaderRetrieval resourceManagerRetrieval,
                        Consumer<Throwable> fatalErrorHandler) throws java.io.IOException {
        this(rpcService, settings, io.sluice.network.NetworkSettings.defaults(), resourceManagerRetrieval,
                fatalErrorHandler);
    }

    public TaskExecutor(RpcService rpcService, TaskExecutorSettings settings,
                        io.sluice.network.NetworkSettings networkSettings, LeaderRetrieval resourceManagerRetrieval,
                        Consumer<Throwable> fatalErrorHandler) throws java.io.IOException {
        this(rpcService, settings, io.sluice.network.NetworkEnvironment.start(networkSettings,
                settings.resourceId().value(), settings.host(), settings.host()), resourceManagerRetrieval, fatalErrorHandler);
    }

    /** @param network started for this TaskExecutor (same resource id and host), which closes it when it stops */
    public TaskExecutor(RpcService rpcService, TaskExecutorSettings settings, io.sluice.network.NetworkEnvironment network,
                        LeaderRetrieval resourceManagerRetrieval, Consumer<Throwable> fatalErrorHandler)
            throws java.io.IOException {
        super(rpcService, ENDPOINT_PREFIX + "_" + settings.resourceId().value(), TaskExecutorProtocol.class);
        this.network = network;
        this.settings = settings;
        this.resourceManagerRetrieval = resourceManagerRetrieval;
        this.fatalErrorHandler = fatalErrorHandler;
        this.slots = new TaskSlotTable(settings.resourceId(), settings.numberOfSlots());
        this.classLoaders = new UserCodeClassLoaders(new BlobCache(settings.workingDir().resolve("blobs")),
                settings.userCode());
        this.heartbeats = new HeartbeatMonitor<>(settings.heartbeat().timeout());
        this.resourceManager = new ResourceManagerConnection(this, rpcService, settings);
    }

    public ResourceId resourceId() {
        return settings.resourceId();
    }

    /** The network stack (buffers, partitions, data port) of this TaskManager. */
    public io.sluice.network.NetworkEnvironment network() {
        return network;
    }

    @Override
    protected void onStart() throws Exception {
        log.info("TaskManager {} starting with {} slot(s) at {}", settings.resourceId(), settings.numberOfSlots(), address());
        resourceManagerRetrieval.start(leader -> runAsync(() -> onResourceManagerLeader(leader)));
        scheduleRunAsync(this::checkHeartbeats, settings.heartbeat().interval());
    }

    @Override
    protected Object handle(TaskExecutorProtocol message) {
        if (message instanceof RequestSlot m) {
            return requestSlot(m);
        } else if (message instanceof SubmitTask m) {
            return submitTask(m);
        } else if (message instanceof CancelTask m) {
            checkJobMasterToken(null, m.jobMasterToken());
            Task task = tasks.get(m.attemptId());
            if (task != null) {
                task.cancel();
            }
            return null;
        } else if (message instanceof TaskExecutorProtocol.TriggerCheckpoint m) {
            checkJobMasterToken(null, m.jobMasterToken());
            Task task = tasks.get(m.attemptId());
            if (task == null) {
                throw new IllegalStateException("task " + m.attemptId() + " does not run on TaskManager " + resourceId());
            }
            task.triggerCheckpoint(m.checkpointId(), m.timestamp());
            return null;
        } else if (message instanceof TaskExecutorProtocol.NotifyCheckpointComplete m) {
            checkJobMasterToken(null, m.jobMasterToken());
            Task task = tasks.get(m.attemptId());
            if (task != null) {
                task.notifyCheckpointComplete(m.checkpointId());
            }
            return null;
        } else if (message instanceof TaskExecutorProtocol.NotifyCheckpointAborted m) {
            checkJobMasterToken(null, m.jobMasterToken());
            Task task = tasks.get(m.attemptId());
            if (task != null) {
                task.notifyCheckpointAborted(m.checkpointId());
            }
            return null;
        } else if (message instanceof FreeSlot m) {
            slots.find(m.allocationId()).ifPresent(s -> checkJobMasterToken(s.jobId(), m.jobMasterToken()));
            freeSlot(m.allocationId(), m.cause());
            return null;
        } else if (message instanceof ResourceManagerHeartbeat m) {
            if (!resourceManager.isRegisteredWith(m.resourceManagerToken())) {
                throw new FencingTokenException("TaskManager " + resourceId() + " is not registered with this ResourceManager");
            }
            heartbeats.reportHeartbeat(RESOURCE_MANAGER);
            return slots.report();
        } else if (message instanceof JobMasterHeartbeat m) {
            checkJobMasterToken(m.jobId(), m.jobMasterToken());
            heartbeats.reportHeartbeat(m.jobId());
            return null;
        } else if (message instanceof DisconnectJobMaster m) {
            JobMasterConnection c = jobMasters.get(m.jobId());
            if (c != null && c.token().equals(m.jobMasterToken())) {
                releaseJob(m.jobId(), "JobMaster disconnected: " + m.cause());
            }
            return null;
        } else if (message instanceof TaskExecutorProtocol.UpdateDelegationTokens m) {
            if (!resourceManager.isRegisteredWith(m.resourceManagerToken())) {
                throw new FencingTokenException("delegation tokens from a ResourceManager TaskManager " + resourceId()
                        + " is not registered with");
            }
            return DelegationTokenReceiver.addToCurrentUser(m.credentials());
        } else if (message instanceof DisconnectResourceManager m) {
            if (resourceManager.isRegisteredWith(m.resourceManagerToken())) {
                log.info("ResourceManager disconnected this TaskManager ({}); registering again", m.cause());
                resourceManager.reconnect();
            }
            return null;
        }
        throw new IllegalArgumentException("unknown message " + message);
    }

    /**
     * A new ResourceManager leader means a new JobManager leadership: the ResourceManager, Dispatcher
     * and JobMasters are elected together, so the previous leader's JobMasters are gone (or fenced
     * off). Their tasks are cancelled and their slots freed at once, so that the new leader finds
     * them free instead of waiting for JobMaster heartbeats to time out.
     */
    private void onResourceManagerLeader(io.sluice.leader.LeaderInfo leader) {
        io.sluice.leader.LeaderInfo previous = resourceManager.leader();
        if (leader.equals(previous)) {
            return;
        }
        if (previous != null) {
            log.info("ResourceManager leader changed from {} to {}; freeing the slots of the previous leader's jobs",
                    previous.address(), leader.address());
            for (SlotStatus s : slots.report()) {
                if (s.jobId() != null) {
                    releaseJob(s.jobId(), "the JobManager leader changed");
                }
            }
        }
        resourceManager.connect(leader);
    }

    // ---- slots ----

    private Object requestSlot(RequestSlot m) {
        if (!resourceManager.servesSlotRequestsOf(m.resourceManagerToken())) {
            throw new FencingTokenException("slot request from a ResourceManager this TaskManager is not registered with");
        }
        JobMasterConnection existing = jobMasters.get(m.jobId());
        if (existing != null && !existing.token().equals(m.jobMasterToken())) {
            // A new JobMaster leader for the job: the old one's slots and tasks are void.
            releaseJob(m.jobId(), "a new JobMaster took over job " + m.jobId());
            existing = null;
        }
        slots.allocate(m.slotIndex(), m.jobId(), m.allocationId());
        log.info("Slot {} allocated to job {} (allocation {})", m.slotIndex(), m.jobId(), m.allocationId());
        if (existing == null) {
            JobMasterConnection connection = new JobMasterConnection(m.jobId(), m.jobMasterAddress(), m.jobMasterToken());
            jobMasters.put(m.jobId(), connection);
            connectToJobMaster(connection);
        } else if (existing.ref() != null) {
            offerSlots(existing);
        }
        return null;
    }

    private void connectToJobMaster(JobMasterConnection c) {
        rpcService().connect(c.address(), c.token(), JobMasterProtocol.class)
                .thenCompose(ref -> ref.<ResourceManagerProtocol.Registration>ask(
                        new JobMasterProtocol.RegisterTaskManager(resourceId(), address(), network.address()))
                        .thenApply(reg -> {
                            if (!reg.accepted()) {
                                throw new IllegalStateException(reg.declineReason());
                            }
                            return ref;
                        }))
                .whenCompleteAsync((ref, failure) -> {
                    if (jobMasters.get(c.jobId()) != c) {
                        return; // replaced meanwhile
                    }
                    if (failure != null) {
                        log.warn("Cannot register at JobMaster {} of job {}: {}", c.address(), c.jobId(), failure.toString());
                        releaseJob(c.jobId(), "JobMaster unreachable");
                        return;
                    }
                    c.setRef(ref);
                    heartbeats.monitor(c.jobId());
                    log.info("Registered at JobMaster of job {} ({})", c.jobId(), c.address());
                    offerSlots(c);
                }, mainThreadExecutor());
    }

    private void offerSlots(JobMasterConnection c) {
        List<JobMasterProtocol.SlotOffer> offers = new ArrayList<>();
        for (TaskSlotTable.Slot s : slots.slotsOf(c.jobId())) {
            if (s.state() == TaskSlotTable.State.ALLOCATED) {
                offers.add(new JobMasterProtocol.SlotOffer(s.allocationId(), s.index()));
            }
        }
        if (offers.isEmpty()) {
            return;
        }
        offers.forEach(o -> slots.markOffered(o.allocationId()));
        c.ref().<List<AllocationId>>ask(new JobMasterProtocol.OfferSlots(resourceId(), offers))
                .whenCompleteAsync((accepted, failure) -> {
                    if (jobMasters.get(c.jobId()) != c) {
                        return;
                    }
                    for (JobMasterProtocol.SlotOffer offer : offers) {
                        if (failure == null && accepted.contains(offer.allocationId())) {
                            slots.activate(offer.allocationId());
                        } else {
                            freeSlot(offer.allocationId(), failure == null ? "offer rejected by JobMaster"
                                    : "offer failed: " + failure);
                        }
                    }
                }, mainThreadExecutor());
    }

    private void freeSlot(AllocationId allocationId, String cause) {
        Integer index = slots.find(allocationId).map(TaskSlotTable.Slot::index).orElse(null);
        if (index == null) {
            return;
        }
        JobId jobId = slots.find(allocationId).get().jobId();
        for (Task task : tasks.values()) {
            if (task.descriptor().allocationId().equals(allocationId)) {
                task.cancel();
            }
        }
        slots.free(allocationId);
        network.releasePartitionsOf(allocationId);
        log.info("Slot {} freed ({})", index, cause);
        resourceManager.notifySlotFreed(index, allocationId);
        if (!slots.hasSlotsOf(jobId)) {
            JobMasterConnection c = jobMasters.remove(jobId);
            if (c != null) {
                heartbeats.unmonitor(jobId);
            }
            releaseClassLoaderWhenIdle(jobId);
        }
    }

    /** Frees all slots of the job: its tasks are cancelled and its JobMaster forgotten. */
    private void releaseJob(JobId jobId, String cause) {
        for (TaskSlotTable.Slot s : slots.slotsOf(jobId)) {
            freeSlot(s.allocationId(), cause);
        }
        if (jobMasters.remove(jobId) != null) {
            heartbeats.unmonitor(jobId);
        }
    }

    private void releaseClassLoaderWhenIdle(JobId jobId) {
        boolean running = tasks.values().stream().anyMatch(t -> t.descriptor().jobId().equals(jobId));
        if (!running && !slots.hasSlotsOf(jobId)) {
            classLoaders.release(jobId);
        }
    }

    // ---- tasks ----

    private Object submitTask(SubmitTask m) {
        JobId jobId = m.tdd().jobId();
        checkJobMasterToken(jobId, m.jobMasterToken());
        TaskSlotTable.Slot slot = slots.find(m.tdd().allocationId())
                .filter(s -> jobId.equals(s.jobId()))
                .orElseThrow(() -> new IllegalStateException("TaskManager " + resourceId()
                        + " holds no slot for allocation " + m.tdd().allocationId() + " of job " + jobId));
        slots.activate(slot.allocationId());
        Task task = new Task(m.tdd(), classLoaders, this::onTaskStateChange, settings.cancellationTimeout(),
                rpcService().scheduledExecutor(), () -> fatalErrorHandler.accept(new IllegalStateException(
                        "task " + m.tdd().taskNameWithSubtask() + " did not stop after cancellation")), network,
                checkpointResponder(m.tdd().jobId(), m.tdd().attemptId()));
        tasks.put(task.attemptId(), task);
        task.start();
        return null;
    }

    /**
     * Where a task's checkpoint reports go: to the JobMaster that leads its job when the report is sent
     * (looked up on the main thread each time), never to one fixed for the task's lifetime.
     */
    private CheckpointResponder checkpointResponder(JobId jobId, io.sluice.common.ExecutionAttemptId attemptId) {
        return new CheckpointResponder() {
            @Override
            public void acknowledge(long checkpointId, io.sluice.checkpoint.TaskStateSnapshot state,
                                    io.sluice.checkpoint.CheckpointMetrics metrics) {
                send(jobId, new JobMasterProtocol.AcknowledgeCheckpoint(jobId, attemptId, checkpointId, state, metrics));
            }

            @Override
            public void decline(long checkpointId, String reason) {
                send(jobId, new JobMasterProtocol.DeclineCheckpoint(jobId, attemptId, checkpointId, reason, false));
            }

            @Override
            public void declineNotReady(long checkpointId, String reason) {
                send(jobId, new JobMasterProtocol.DeclineCheckpoint(jobId, attemptId, checkpointId, reason, true));
            }
        };
    }

    private void send(JobId jobId, JobMasterProtocol message) {
        runAsync(() -> {
            JobMasterConnection c = jobMasters.get(jobId);
            if (c == null || c.ref() == null) {
                log.info("No JobMaster of job {} to send {} to; the checkpoint will time out there",
                        jobId, message.getClass().getSimpleName());
                return;
            }
            c.ref().ask(message).whenComplete((r, e) -> {
                if (e != null) {
                    log.warn("Could not send {} to the JobMaster of job {}: {}", message.getClass().getSimpleName(),
                            jobId, e.toString());
                }
            });
        });
    }

    /** Called on task threads. */
    private void onTaskStateChange(TaskExecutionState state) {
        runAsync(() -> {
            JobMasterConnection c = jobMasters.get(state.jobId());
            if (c != null && c.ref() != null) {
                c.ref().ask(new JobMasterProtocol.UpdateTaskExecutionState(state)).whenComplete((r, e) -> {
                    if (e != null) {
                        log.debug("Could not report {} of {}: {}", state.state(), state.attemptId(), e.toString());
                    }
                });
            }
            if (state.state().isTerminal()) {
                tasks.remove(state.attemptId());
                releaseClassLoaderWhenIdle(state.jobId());
            }
        });
    }

    private void checkJobMasterToken(JobId jobId, UUID token) {
        boolean known = jobId == null
                ? jobMasters.values().stream().anyMatch(c -> c.token().equals(token))
                : jobMasters.containsKey(jobId) && jobMasters.get(jobId).token().equals(token);
        if (!known) {
            throw new FencingTokenException("TaskManager " + resourceId() + " does not work for a JobMaster with token "
                    + token + (jobId == null ? "" : " of job " + jobId));
        }
    }

    // ---- heartbeats ----

    void monitorResourceManager() {
        heartbeats.monitor(RESOURCE_MANAGER);
    }

    private void checkHeartbeats() {
        for (Object peer : heartbeats.removeExpired()) {
            if (RESOURCE_MANAGER.equals(peer)) {
                log.warn("No heartbeat from the ResourceManager for {}; registering again", settings.heartbeat().timeout());
                resourceManager.reconnect();
            } else {
                log.warn("No heartbeat from the JobMaster of job {} for {}; releasing its slots",
                        peer, settings.heartbeat().timeout());
                releaseJob((JobId) peer, "JobMaster heartbeat timed out");
            }
        }
        scheduleRunAsync(this::checkHeartbeats, settings.heartbeat().interval());
    }

    List<io.sluice.protocol.SlotStatus> slotReport() {
        return slots.report();
    }

    java.util.concurrent.Executor mainThreadExecutorForConnection() {
        return mainThreadExecutor();
    }

    void fatal(Throwable t) {
        fatalErrorHandler.accept(t);
    }

    // ---- shutdown ----

    @Override
    protected CompletableFuture<Void> onStop() {
        log.info("TaskManager {} shutting down", resourceId());
        List<Task> running = new ArrayList<>(tasks.values());
        running.forEach(Task::cancel);
        resourceManager.disconnect("TaskManager " + resourceId() + " is shutting down");
        return CompletableFuture.runAsync(() -> {
            for (Task t : running) {
                try {
                    t.awaitTermination(Duration.ofSeconds(10));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            classLoaders.close();
            network.close();
            try {
                resourceManagerRetrieval.close();
            } catch (Exception e) {
                log.debug("closing leader retrieval: {}", e.toString());
            }
        });
    }

    /** One job's JobMaster as this TaskManager knows it. */
    static final class JobMasterConnection {
        private final JobId jobId;
        private final String address;
        private final UUID token;
        private io.sluice.rpc.RpcRef<JobMasterProtocol> ref;

        JobMasterConnection(JobId jobId, String address, UUID token) {
            this.jobId = jobId;
            this.address = Objects.requireNonNull(address);
            this.token = Objects.requireNonNull(token);
        }

        JobId jobId() { return jobId; }
        String address() { return address; }
        UUID token() { return token; }
        io.sluice.rpc.RpcRef<JobMasterProtocol> ref() { return ref; }
        void setRef(io.sluice.rpc.RpcRef<JobMasterProtocol> ref) { this.ref = ref; }
    }
}
