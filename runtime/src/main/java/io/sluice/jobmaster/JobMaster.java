package io.sluice.jobmaster;

import io.sluice.api.common.JobId;
import io.sluice.blob.BlobKey;
import io.sluice.common.AllocationId;
import io.sluice.common.ExecutionAttemptId;
import io.sluice.common.ExecutionState;
import io.sluice.common.JobResult;
import io.sluice.common.JobStatus;
import io.sluice.common.ResourceId;
import io.sluice.graph.JobGraph;
import io.sluice.heartbeat.HeartbeatMonitor;
import io.sluice.leader.LeaderContender;
import io.sluice.leader.LeaderElection;
import io.sluice.leader.LeaderInfo;
import io.sluice.protocol.JobMasterProtocol.*;
import io.sluice.protocol.JobMasterProtocol;
import io.sluice.protocol.ResourceManagerProtocol;
import io.sluice.protocol.TaskDeploymentDescriptor;
import io.sluice.protocol.TaskExecutionState;
import io.sluice.protocol.TaskExecutorProtocol;
import io.sluice.rpc.FencedRpcEndpoint;
import io.sluice.rpc.RpcRef;
import io.sluice.rpc.RpcService;
import io.sluice.rpc.SerializedThrowable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs one job: asks the ResourceManager for slots, deploys every subtask, follows their states,
 * restarts the job on failures as its {@link RestartStrategy} allows, and reports the final result.
 *
 * <p>It starts scheduling once its leader election grants it leadership; the granted session id is
 * its fencing token, published with its address. When leadership is revoked it stops acting at once
 * (the Dispatcher then stops it; the next leader recovers the job).
 */
public final class JobMaster extends FencedRpcEndpoint<JobMasterProtocol> implements LeaderContender {

    private static final String RESOURCE_MANAGER = "resourcemanager";

    private final JobMasterSettings settings;
    private final JobGraph jobGraph;
    private final List<BlobKey> jars;
    private final String blobServerAddress;
    private final Supplier<LeaderInfo> resourceManagerLeader;
    private final RestartStrategy restartStrategy;
    private final LeaderElection leaderElection;
    private final Consumer<ArchivedJob> onTerminal;
    /** The leader session id granted to this JobMaster; null before the grant. */
    private UUID token;

    private final ExecutionGraph graph;
    private final SlotPool slotPool;
    private final Map<ResourceId, RpcRef<TaskExecutorProtocol>> taskManagers = new HashMap<>();
    private final Map<ResourceId, io.sluice.network.DataAddress> dataAddresses = new HashMap<>();
    private final HeartbeatMonitor<Object> heartbeats;
    private RpcRef<ResourceManagerProtocol> resourceManager;

    private JobStatus status = JobStatus.CREATED;
    private final long startTime = System.currentTimeMillis();
    private long endTime = -1;
    private int restarts;
    private Throwable failureCause;
    /** Identifies the current scheduling round, so timers of earlier rounds do nothing. */
    private long round;
    private boolean deployed;

    private final JobCheckpointServices checkpointServices;
    /** Job settings as tasks get them: the job's own plus the effective checkpoint settings. */
    private final Map<String, String> taskConfiguration;
    private final java.util.concurrent.ExecutorService checkpointIo;
    private io.sluice.checkpoint.CheckpointCoordinator checkpoints;

    public JobMaster(RpcService rpcService, JobMasterSettings settings, JobGraph jobGraph, List<BlobKey> jars,
                     String blobServerAddress, Supplier<LeaderInfo> resourceManagerLeader,
                     RestartStrategy restartStrategy, LeaderElection leaderElection, Consumer<ArchivedJob> onTerminal,
                     JobCheckpointServices checkpointServices) {
        super(rpcService, "jobmaster_" + jobGraph.jobId(), JobMasterProtocol.class);
        this.settings = settings;
        this.jobGraph = jobGraph;
        this.jars = List.copyOf(jars);
        this.blobServerAddress = blobServerAddress;
        this.resourceManagerLeader = resourceManagerLeader;
        this.restartStrategy = restartStrategy;
        this.leaderElection = leaderElection;
        this.onTerminal = onTerminal;
        this.graph = new ExecutionGraph(jobGraph);
        this.slotPool = new SlotPool(graph.requiredSlots());
        this.heartbeats = new HeartbeatMonitor<>(settings.heartbeat().timeout());
        this.checkpointServices = checkpointServices;
        this.taskConfiguration = checkpointServices.taskConfiguration(jobGraph.jobConfiguration());
        this.checkpointIo = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "checkpoint-io-" + jobGraph.jobId());
            t.setDaemon(true);
            return t;
        });
    }

    public JobId jobId() {
        return jobGraph.jobId();
    }

    @Override
    protected void onStart() throws Exception {
        leaderElection.start(this);
    }

    @Override
    public void grantLeadership(UUID leaderSession) {
        runAsync(() -> {
            if (token != null || status != JobStatus.CREATED) {
                return; // a JobMaster leads once; a later leadership gets a new JobMaster
            }
            token = leaderSession;
            setFencingToken(leaderSession);
            leaderElection.confirmLeadership(new LeaderInfo(address(), leaderSession));
            startScheduling();
        });
    }

    @Override
    public void revokeLeadership() {
        runAsync(() -> {
            if (token != null && !status.isGloballyTerminal()) {
                log.warn("JobMaster of job {} lost leadership; it stops acting", jobId());
                setFencingToken(null);
                round++;
                if (checkpoints != null) {
                    checkpoints.shutdown(JobStatus.RUNNING); // suspended: everything stays for the next leader
                }
            }
        });
    }

    private void startScheduling() {
        log.info("Starting job '{}' ({}) with {} task(s) in {} slot(s); restart strategy {}", jobGraph.jobName(),
                jobId(), jobGraph.numberOfTasks(), graph.requiredSlots(), restartStrategy.describe());
        status = JobStatus.RUNNING;
        checkpoints = new io.sluice.checkpoint.CheckpointCoordinator(jobId().toHexString(),
                checkpointServices.settings(), new io.sluice.checkpoint.CheckpointStorage(
                        checkpointServices.settings().directory(), jobId().toHexString()),
                checkpointServices.store(), checkpointServices.counter(), new CheckpointJobAccess(),
                mainThreadExecutor(), (action, delay) -> scheduleRunAsync(action, delay), checkpointIo,
                System::currentTimeMillis);
        long myRound = round;
        checkpoints.recover(checkpointServices.restorePath()).whenComplete((ok, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof java.util.concurrent.CompletionException c && c.getCause() != null
                        ? c.getCause() : failure;
                failWithoutRestart(new IllegalStateException("job " + jobId() + " cannot read its checkpoints: "
                        + cause.getMessage(), cause));
                return;
            }
            if (myRound == round && status == JobStatus.RUNNING) {
                connectToResourceManager();
            }
        });
        scheduleRunAsync(this::checkHeartbeats, settings.heartbeat().interval());
    }

    /** A failure no restart can mend (unreadable checkpoints, state that does not fit the job). */
    private void failWithoutRestart(Throwable cause) {
        if (status.isGloballyTerminal()) {
            return;
        }
        log.error("Job {} fails: {}", jobId(), cause.getMessage());
        failureCause = cause;
        round++;
        status = JobStatus.FAILING;
        cancelAllExecutions();
    }

    private void connectToResourceManager() {
        if (status.isGloballyTerminal() || fencingToken() == null) {
            return; // done, or no longer leader
        }
        LeaderInfo rm = resourceManagerLeader.get();
        if (rm == null) {
            // No ResourceManager leader yet (it is being granted together with this JobMaster): ask again soon.
            scheduleRunAsync(this::connectToResourceManager, java.time.Duration.ofMillis(50));
            return;
        }
        rpcService().connect(rm.address(), rm.token(), ResourceManagerProtocol.class)
                .thenCompose(ref -> ref.<ResourceManagerProtocol.Registration>ask(
                        new ResourceManagerProtocol.RegisterJobMaster(jobId(), address(), token)).thenApply(reg -> ref))
                .whenCompleteAsync((ref, failure) -> {
                    if (status.isGloballyTerminal() || fencingToken() == null) {
                        return;
                    }
                    if (failure != null) {
                        log.warn("Cannot register job {} at the ResourceManager: {}; retrying", jobId(), failure.toString());
                        scheduleRunAsync(this::connectToResourceManager, settings.heartbeat().interval());
                        return;
                    }
                    resourceManager = ref;
                    heartbeats.monitor(RESOURCE_MANAGER);
                    slotPool.forgetPendingRequests();
                    requestSlots();
                }, mainThreadExecutor());
    }

    @Override
    protected Object handle(JobMasterProtocol message) {
        if (message instanceof RegisterTaskManager m) {
            return registerTaskManager(m);
        } else if (message instanceof OfferSlots m) {
            return offerSlots(m);
        } else if (message instanceof UpdateTaskExecutionState m) {
            updateTaskState(m.state());
            return null;
        } else if (message instanceof ResourceManagerHeartbeat) {
            heartbeats.reportHeartbeat(RESOURCE_MANAGER);
            return null;
        } else if (message instanceof DisconnectTaskManager m) {
            taskManagerLost(m.resourceId(), m.cause());
            return null;
        } else if (message instanceof DisconnectResourceManager m) {
            log.warn("ResourceManager disconnected job {}: {}", jobId(), m.cause());
            connectToResourceManager();
            return null;
        } else if (message instanceof RequestJobDetails) {
            return graph.details(status, startTime, endTime, restarts);
        } else if (message instanceof Cancel) {
            cancel();
            return null;
        } else if (message instanceof AcknowledgeCheckpoint m) {
            if (checkpoints != null && graph.subtaskOf(m.attemptId()) != null) {
                checkpoints.acknowledge(m.attemptId(), m.checkpointId(), m.state(), m.metrics());
            }
            return null;
        } else if (message instanceof DeclineCheckpoint m) {
            if (checkpoints != null) {
                checkpoints.decline(m.attemptId(), m.checkpointId(), m.reason(), !m.notReady());
            }
            return null;
        } else if (message instanceof JobMasterProtocol.TriggerCheckpoint) {
            if (checkpoints == null) {
                throw new io.sluice.checkpoint.CheckpointNotStartedException("job " + jobId() + " is not running yet");
            }
            return checkpoints.triggerRequestedCheckpoint();
        } else if (message instanceof RequestCheckpointStats) {
            return checkpoints == null ? null : checkpoints.stats();
        }
        throw new IllegalArgumentException("unknown message " + message);
    }

    // ---- slots ----

    private CompletableFuture<ResourceManagerProtocol.Registration> registerTaskManager(RegisterTaskManager m) {
        return rpcService().connect(m.address(), TaskExecutorProtocol.class).thenApplyAsync(ref -> {
            taskManagers.put(m.resourceId(), ref);
            dataAddresses.put(m.resourceId(), m.dataAddress());
            heartbeats.monitor(m.resourceId());
            return ResourceManagerProtocol.Registration.accepted(token);
        }, mainThreadExecutor());
    }

    private List<AllocationId> offerSlots(OfferSlots m) {
        List<AllocationId> accepted = new ArrayList<>();
        if (!taskManagers.containsKey(m.resourceId()) || status != JobStatus.RUNNING) {
            return accepted;
        }
        for (SlotOffer offer : m.offers()) {
            if (slotPool.offer(offer.allocationId(), m.resourceId(), offer.slotIndex())) {
                accepted.add(offer.allocationId());
            }
        }
        if (!accepted.isEmpty()) {
            runAsync(this::deployIfReady);
        }
        return accepted;
    }

    private void requestSlots() {
        if (resourceManager == null || status != JobStatus.RUNNING) {
            return;
        }
        List<AllocationId> fresh = slotPool.requestMissing();
        for (AllocationId id : fresh) {
            resourceManager.ask(new ResourceManagerProtocol.RequestSlot(jobId(), id)).whenCompleteAsync((r, e) -> {
                if (e != null) {
                    log.warn("Slot request {} of job {} failed: {}", id, jobId(), e.toString());
                }
            }, mainThreadExecutor());
        }
        if (!fresh.isEmpty()) {
            long myRound = round;
            scheduleRunAsync(() -> checkSlotRequestTimeout(myRound), settings.slotRequestTimeout());
        }
        deployIfReady();
    }

    private void checkSlotRequestTimeout(long requestRound) {
        if (requestRound != round || deployed || status != JobStatus.RUNNING || slotPool.isComplete()) {
            return;
        }
        int missing = slotPool.missing();
        slotPool.pendingRequests().forEach(id -> resourceManager.tell(new ResourceManagerProtocol.CancelSlotRequest(id)));
        slotPool.forgetPendingRequests();
        handleFailure(new NoResourceAvailableException("job " + jobId() + " could not get " + missing + " of its "
                + graph.requiredSlots() + " slot(s) within slot.request.timeout (" + settings.slotRequestTimeout()
                + "): start more TaskManagers, give them more slots (taskmanager.numberOfTaskSlots), or lower the parallelism"));
    }

    // ---- deployment ----

    private void deployIfReady() {
        if (deployed || status != JobStatus.RUNNING || !slotPool.isComplete()) {
            return;
        }
        deployed = true;
        long myRound = round;
        checkpoints.chooseRestore().whenComplete((latest, failure) -> {
            if (myRound != round || status != JobStatus.RUNNING) {
                return; // failed, cancelled or restarted meanwhile
            }
            if (failure != null) {
                handleFailure(failure);
                return;
            }
            Map<String, List<io.sluice.checkpoint.TaskRestore>> restores;
            try {
                restores = latest.map(m -> io.sluice.checkpoint.StateAssignment.assign(m, jobGraph,
                        checkpointServices.allowNonRestoredState())).orElse(Map.of());
            } catch (IllegalStateException e) {
                failWithoutRestart(e);
                return;
            }
            latest.ifPresent(checkpoints::reportRestored);
            for (ExecutionGraph.Subtask s : graph.subtasks()) {
                List<io.sluice.checkpoint.TaskRestore> vertexRestores = restores.get(s.vertex.id());
                deploy(s, vertexRestores == null ? null : vertexRestores.get(s.index));
            }
        });
    }

    private void deploy(ExecutionGraph.Subtask s, io.sluice.checkpoint.TaskRestore restore) {
        SlotPool.AllocatedSlot slot = slotPool.slot(s.index);
        Execution e = s.current;
        e.taskManager = slot.taskManager();
        e.allocationId = slot.allocationId();
        e.transition(ExecutionState.DEPLOYING);
        RpcRef<TaskExecutorProtocol> tm = taskManagers.get(slot.taskManager());
        TaskDeploymentDescriptor tdd = new TaskDeploymentDescriptor(jobId(), jobGraph.jobName(), e.id, e.attemptNumber,
                slot.allocationId(), s.vertex.id(), s.vertex.name(), s.index, s.vertex.parallelism(),
                s.vertex.invokableClassName(), s.vertex.invokableConfiguration(), taskConfiguration, jars,
                blobServerAddress, ShuffleDescriptors.producedPartitions(graph, s),
                ShuffleDescriptors.inputGates(graph, s, this::locationOf), restore);
        if (tm == null) {
            failExecution(e, new IllegalStateException("TaskManager " + slot.taskManager() + " is not registered"));
            return;
        }
        tm.ask(new TaskExecutorProtocol.SubmitTask(token, tdd)).whenCompleteAsync((ok, failure) -> {
            if (failure != null && graph.subtaskOf(e.id) != null) {
                failExecution(e, new IllegalStateException("could not deploy " + tdd.taskNameWithSubtask() + " to "
                        + slot.taskManager() + ": " + failure.getMessage(), failure));
            }
        }, mainThreadExecutor());
    }

    /** Where subtask {@code s} runs (deployment assigns slot i to subtask i of every vertex). */
    private ShuffleDescriptors.Location locationOf(ExecutionGraph.Subtask s) {
        ResourceId tm = slotPool.slot(s.index).taskManager();
        return new ShuffleDescriptors.Location(tm.value(), dataAddresses.get(tm));
    }

    // ---- task states ----

    private void updateTaskState(TaskExecutionState update) {
        ExecutionGraph.Subtask s = graph.subtaskOf(update.attemptId());
        if (s == null || !s.current.transition(update.state())) {
            return; // an earlier attempt, or already terminal
        }
        if (update.state() == ExecutionState.RUNNING && status == JobStatus.RUNNING
                && graph.allInState(ExecutionState.RUNNING)) {
            checkpoints.startPeriodic();
        } else if (update.state() == ExecutionState.FINISHED && checkpoints != null) {
            // a finished task takes no more checkpoints; the sinks commit what remains as they finish
            checkpoints.stopAndAbortPending("task " + s.describe() + " finished");
        }
        if (update.state() == ExecutionState.CANCELED && status == JobStatus.RUNNING) {
            // not asked for by this JobMaster: the TaskManager is shutting down or freed the slot; without a
            // failure here a job whose tasks all ended this way would stay RUNNING with nothing running
            handleFailure(new TaskManagerLostException("task " + s.describe()
                    + " was cancelled by its TaskManager " + s.current.taskManager
                    + " without the JobMaster asking (the TaskManager is shutting down or released the slot)"));
        }
        if (update.state() == ExecutionState.FAILED) {
            s.current.failure = update.failure();
            handleFailure(update.failure() != null ? update.failure()
                    : new IllegalStateException(s.vertex.name() + " failed without a cause"));
        }
        // Also after a failure: while failing or restarting, this may have been the last task to end.
        onExecutionStateChanged();
    }

    private void failExecution(Execution e, Throwable cause) {
        if (e.transition(ExecutionState.FAILED)) {
            e.failure = SerializedThrowable.of(cause);
            handleFailure(cause);
            onExecutionStateChanged();
        }
    }

    private void onExecutionStateChanged() {
        if (status == JobStatus.RUNNING && graph.allInState(ExecutionState.FINISHED)) {
            finishJob(JobStatus.FINISHED, null);
        } else if (graph.allTerminal()) {
            if (status == JobStatus.CANCELLING) {
                finishJob(JobStatus.CANCELED, null);
            } else if (status == JobStatus.FAILING) {
                finishJob(JobStatus.FAILED, failureCause);
            } else if (status == JobStatus.RESTARTING) {
                long myRound = round;
                scheduleRunAsync(() -> restart(myRound), restartStrategy.restartDelay());
            }
        }
    }

    private void handleFailure(Throwable cause) {
        if (status != JobStatus.RUNNING) {
            return; // already failing, restarting or cancelling: the first cause decides
        }
        failureCause = cause;
        round++;
        if (checkpoints != null) {
            checkpoints.stopAndAbortPending("the job failed: " + cause);
        }
        if (restartStrategy.onFailure()) {
            log.warn("Job {} failed ({}); restarting it in {} ms ({})", jobId(), cause.toString(),
                    restartStrategy.restartDelay().toMillis(), restartStrategy.describe());
            status = JobStatus.RESTARTING;
        } else {
            log.warn("Job {} failed and will not be restarted ({}): {}", jobId(), restartStrategy.describe(), cause.toString());
            status = JobStatus.FAILING;
        }
        cancelAllExecutions();
    }

    private void restart(long restartRound) {
        if (restartRound != round || status != JobStatus.RESTARTING) {
            return;
        }
        restarts++;
        // a new round: timers of the failed one (the cancellation timeout) must not touch the new attempts
        round++;
        status = JobStatus.RUNNING;
        deployed = false;
        graph.newAttempts();
        log.info("Restarting job {} (restart #{})", jobId(), restarts);
        requestSlots();
    }

    private void cancel() {
        if (status.isGloballyTerminal() || status == JobStatus.CANCELLING) {
            return;
        }
        log.info("Cancelling job {}", jobId());
        round++;
        if (checkpoints != null) {
            checkpoints.stopAndAbortPending("the job is being cancelled");
        }
        status = JobStatus.CANCELLING;
        cancelAllExecutions();
    }

    /** Cancels every live attempt; those not confirmed within the cancellation timeout count as cancelled. */
    private void cancelAllExecutions() {
        for (ExecutionGraph.Subtask s : graph.subtasks()) {
            Execution e = s.current;
            if (e.state.isTerminal()) {
                continue;
            }
            RpcRef<TaskExecutorProtocol> tm = e.taskManager == null ? null : taskManagers.get(e.taskManager);
            if (tm == null || e.state == ExecutionState.CREATED) {
                e.transition(ExecutionState.CANCELED);
                continue;
            }
            e.transition(ExecutionState.CANCELING);
            tm.ask(new TaskExecutorProtocol.CancelTask(token, e.id)).whenCompleteAsync((ok, failure) -> {
                if (failure != null && e.transition(ExecutionState.CANCELED)) {
                    onExecutionStateChanged();
                }
            }, mainThreadExecutor());
        }
        long myRound = round;
        scheduleRunAsync(() -> {
            if (myRound == round && !graph.allTerminal()) {
                log.warn("Tasks of job {} did not confirm cancellation within {}; treating them as cancelled",
                        jobId(), settings.cancellationTimeout());
                graph.subtasks().forEach(s -> s.current.transition(ExecutionState.CANCELED));
                onExecutionStateChanged();
            }
        }, settings.cancellationTimeout());
        onExecutionStateChanged();
    }

    // ---- TaskManager liveness ----

    private void taskManagerLost(ResourceId id, String cause) {
        if (taskManagers.remove(id) == null) {
            return;
        }
        dataAddresses.remove(id);
        heartbeats.unmonitor(id);
        slotPool.removeTaskManager(id);
        log.warn("Job {} lost TaskManager {}: {}", jobId(), id, cause);
        for (ExecutionGraph.Subtask s : graph.runningOn(id)) {
            if (s.current.state == ExecutionState.CANCELING) {
                s.current.transition(ExecutionState.CANCELED);
            } else {
                failExecution(s.current, new TaskManagerLostException("TaskManager " + id + " was lost: " + cause));
            }
        }
        onExecutionStateChanged();
    }

    private void checkHeartbeats() {
        if (status.isGloballyTerminal() || fencingToken() == null) {
            return;
        }
        for (Map.Entry<ResourceId, RpcRef<TaskExecutorProtocol>> e : taskManagers.entrySet()) {
            ResourceId id = e.getKey();
            e.getValue().ask(new TaskExecutorProtocol.JobMasterHeartbeat(jobId(), token), settings.heartbeat().timeout())
                    .whenCompleteAsync((r, failure) -> {
                        if (failure == null) {
                            heartbeats.reportHeartbeat(id);
                        }
                    }, mainThreadExecutor());
        }
        for (Object peer : heartbeats.removeExpired()) {
            if (peer instanceof ResourceId id) {
                taskManagerLost(id, "heartbeat timed out after " + settings.heartbeat().timeout());
            } else {
                log.warn("No heartbeat from the ResourceManager for {}; registering again", settings.heartbeat().timeout());
                resourceManager = null;
                connectToResourceManager();
            }
        }
        scheduleRunAsync(this::checkHeartbeats, settings.heartbeat().interval());
    }

    @Override
    protected CompletableFuture<Void> onStop() {
        try {
            leaderElection.close();
        } catch (Exception e) {
            log.warn("Closing the leader election of job {}: {}", jobId(), e.toString());
        }
        CompletableFuture<Void> checkpointsDone = checkpoints == null || status.isGloballyTerminal()
                ? CompletableFuture.completedFuture(null) : checkpoints.shutdown(JobStatus.RUNNING);
        return checkpointsDone.handle((ok, e) -> {
            checkpointIo.shutdown();
            return null;
        });
    }

    // ---- end ----

    private void finishJob(JobStatus finalStatus, Throwable cause) {
        if (status.isGloballyTerminal()) {
            return;
        }
        status = finalStatus;
        endTime = System.currentTimeMillis();
        log.info("Job '{}' ({}) reached {}{}", jobGraph.jobName(), jobId(), finalStatus,
                cause == null ? "" : ": " + cause);
        for (SlotPool.AllocatedSlot slot : slotPool.allocatedSlots()) {
            RpcRef<TaskExecutorProtocol> tm = taskManagers.get(slot.taskManager());
            if (tm != null) {
                tm.tell(new TaskExecutorProtocol.FreeSlot(token, slot.allocationId(), "job " + finalStatus));
            }
        }
        if (resourceManager != null) {
            slotPool.pendingRequests().forEach(id -> resourceManager.tell(new ResourceManagerProtocol.CancelSlotRequest(id)));
            resourceManager.tell(new ResourceManagerProtocol.DisconnectJobMaster(jobId(), "job " + finalStatus));
        }
        slotPool.clear();
        CompletableFuture<Void> checkpointCleanup = checkpoints == null ? CompletableFuture.completedFuture(null)
                : checkpoints.shutdown(finalStatus);
        checkpointCleanup.whenComplete((ok, e) -> {
            if (e != null) {
                log.warn("Cleaning up the checkpoints of job {} failed: {}", jobId(), e.toString());
            }
        });
        onTerminal.accept(new ArchivedJob(
                new JobResult(jobId(), jobGraph.jobName(), finalStatus, startTime, endTime, restarts,
                        cause == null ? null : SerializedThrowable.of(cause)),
                graph.details(status, startTime, endTime, restarts),
                checkpoints == null ? null : checkpoints.stats()));
    }

    // ---- checkpoints ----

    /** What the checkpoint coordinator may see and do of this job; called on the main thread. */
    private final class CheckpointJobAccess implements io.sluice.checkpoint.CheckpointCoordinator.JobAccess {

        @Override
        public io.sluice.checkpoint.CheckpointPlan currentPlan(StringBuilder reason) {
            if (status != JobStatus.RUNNING || fencingToken() == null) {
                reason.append("the job is ").append(status);
                return null;
            }
            return graph.checkpointPlan(reason);
        }

        @Override
        public void trigger(ExecutionAttemptId source, long checkpointId, long timestamp) {
            ExecutionGraph.Subtask s = graph.subtaskOf(source);
            RpcRef<TaskExecutorProtocol> tm = taskManagerOf(s);
            if (tm == null) {
                checkpoints.decline(source, checkpointId, "its TaskManager is gone");
                return;
            }
            tm.ask(new TaskExecutorProtocol.TriggerCheckpoint(token, source, checkpointId, timestamp))
                    .whenCompleteAsync((ok, failure) -> {
                        if (failure != null && checkpoints != null) {
                            checkpoints.decline(source, checkpointId, "could not trigger task " + s.describe() + ": "
                                    + failure.getMessage());
                        }
                    }, mainThreadExecutor());
        }

        @Override
        public void notifyComplete(ExecutionAttemptId task, long checkpointId) {
            tellTask(task, new TaskExecutorProtocol.NotifyCheckpointComplete(token, task, checkpointId));
        }

        @Override
        public void notifyAborted(ExecutionAttemptId task, long checkpointId) {
            tellTask(task, new TaskExecutorProtocol.NotifyCheckpointAborted(token, task, checkpointId));
        }

        private void tellTask(ExecutionAttemptId task, TaskExecutorProtocol message) {
            RpcRef<TaskExecutorProtocol> tm = taskManagerOf(graph.subtaskOf(task));
            if (tm != null) {
                // best effort by contract: a lost notice is covered by the next checkpoint's, or by the restore
                tm.ask(message).whenComplete((ok, failure) -> {
                    if (failure != null) {
                        log.debug("{} for {} not delivered: {}", message.getClass().getSimpleName(), task, failure.toString());
                    }
                });
            }
        }

        /** The TaskManager running the subtask's current attempt; null for an unknown attempt or a lost TaskManager. */
        private RpcRef<TaskExecutorProtocol> taskManagerOf(ExecutionGraph.Subtask s) {
            return s == null ? null : taskManagers.get(s.current.taskManager);
        }

        @Override
        public void failJob(Throwable cause) {
            handleFailure(cause);
        }
    }
}
