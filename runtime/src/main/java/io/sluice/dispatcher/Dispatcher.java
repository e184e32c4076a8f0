package io.sluice.dispatcher;

import io.sluice.api.common.JobId;
import io.sluice.blob.BlobKey;
import io.sluice.blob.BlobServer;
import io.sluice.common.JobResult;
import io.sluice.common.JobStatus;
import io.sluice.config.Configuration;
import io.sluice.dispatcher.DispatcherProtocol.*;
import io.sluice.graph.JobGraph;
import io.sluice.ha.HighAvailabilityServices;
import io.sluice.ha.JobGraphStore;
import io.sluice.ha.JobResultStore;
import io.sluice.ha.StoredJobGraph;
import io.sluice.jobmaster.ArchivedJob;
import io.sluice.jobmaster.JobCheckpointServices;
import io.sluice.jobmaster.JobDetails;
import io.sluice.jobmaster.JobMaster;
import io.sluice.jobmaster.JobMasterSettings;
import io.sluice.jobmaster.RestartStrategies;
import io.sluice.leader.LeaderContender;
import io.sluice.leader.LeaderElection;
import io.sluice.leader.LeaderInfo;
import io.sluice.protocol.JobMasterProtocol;
import io.sluice.protocol.ResourceManagerProtocol;
import io.sluice.rpc.FencedRpcEndpoint;
import io.sluice.rpc.RpcRef;
import io.sluice.rpc.RpcService;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

/**
 * Accepts jobs, runs one {@link JobMaster} per job, and keeps the results of finished jobs (the
 * newest {@code jobstore.max-capacity}) so that clients can ask for them after the fact.
 *
 * <p>With high availability, a submitted job is written to the {@link JobGraphStore} before its
 * JobMaster starts; a new leader first finishes the cleanup of jobs with a dirty result, then
 * recovers the others, and only then accepts requests. A job that has a result is never run again.
 * When leadership is lost, the JobMasters stop and the jobs' data stays for the next leader.
 */
public final class Dispatcher extends FencedRpcEndpoint<DispatcherProtocol> implements LeaderContender {

    public static final String ENDPOINT_NAME = "dispatcher";
    private static final java.time.Duration RECOVERY_RETRY = java.time.Duration.ofSeconds(2);

    private record RunningJob(JobGraph graph, JobMaster jobMaster, io.sluice.checkpoint.CheckpointSettings checkpoints) {
        RpcRef<JobMasterProtocol> ref() {
            return jobMaster.selfRefWithToken();
        }
    }

    private final Configuration configuration;
    private final JobMasterSettings jobMasterSettings;
    private final BlobServer blobServer;
    private final HighAvailabilityServices ha;
    private final JobPersistence persistence;
    private final LeaderElection leaderElection;
    private final Supplier<LeaderInfo> resourceManagerLeader;
    private final ExecutorService ioExecutor;
    private final int maxArchivedJobs;
    private final Map<JobId, RunningJob> running = new LinkedHashMap<>();
    private final LinkedHashMap<JobId, ArchivedJob> finished = new LinkedHashMap<>();
    /** The leader session being established or held; null while not leader. */
    private UUID leaderSession;
    private RpcRef<ResourceManagerProtocol> resourceManager;

    /**
     * @param resourceManagerLeader the current ResourceManager leader (null while there is none);
     *     read whenever a JobMaster (re)connects
     */
    public Dispatcher(RpcService rpcService, Configuration configuration, JobMasterSettings jobMasterSettings,
                      BlobServer blobServer, HighAvailabilityServices ha, Supplier<LeaderInfo> resourceManagerLeader,
                      ExecutorService ioExecutor, int maxArchivedJobs) {
        super(rpcService, ENDPOINT_NAME, DispatcherProtocol.class);
        this.configuration = configuration;
        this.jobMasterSettings = jobMasterSettings;
        this.blobServer = blobServer;
        this.ha = ha;
        this.persistence = new JobPersistence(ha, blobServer);
        this.leaderElection = ha.leaderElection(HighAvailabilityServices.DISPATCHER);
        this.resourceManagerLeader = resourceManagerLeader;
        this.ioExecutor = ioExecutor;
        this.maxArchivedJobs = maxArchivedJobs;
    }

    @Override
    protected void onStart() throws Exception {
        leaderElection.start(this);
    }

    @Override
    public void grantLeadership(UUID token) {
        runAsync(() -> {
            if (token.equals(leaderSession)) {
                return;
            }
            leaderSession = token;
            log.info("Dispatcher {} was granted leadership (session {}); recovering jobs", address(), token);
            recoverJobs(token);
        });
    }

    /** Recovers on the I/O executor, then starts the jobs and takes the token; retries while the stores fail. */
    private void recoverJobs(UUID token) {
        long start = System.nanoTime();
        CompletableFuture.supplyAsync(() -> {
            try {
                return persistence.recover();
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, ioExecutor).whenCompleteAsync((recovered, failure) -> {
            if (!token.equals(leaderSession)) {
                if (recovered != null) {
                    recovered.jobs().forEach(j -> ioExecutor.execute(() -> persistence.release(j.jobGraph().jobId())));
                }
                return; // revoked meanwhile
            }
            if (failure != null) {
                // Without the stores no job can be recovered safely: keep trying while leader.
                log.error("Job recovery failed; retrying in {} ms", RECOVERY_RETRY.toMillis(), failure);
                scheduleRunAsync(() -> {
                    if (token.equals(leaderSession) && fencingToken() == null) {
                        recoverJobs(token);
                    }
                }, RECOVERY_RETRY);
                return;
            }
            recovered.finished().forEach(this::archiveRecoveredResult);
            for (StoredJobGraph job : recovered.jobs()) {
                startRecoveredJob(job, token);
            }
            setFencingToken(token);
            leaderElection.confirmLeadership(new LeaderInfo(address(), token));
            log.info("Dispatcher {} is leader: {} job(s) recovered, {} finished job(s) cleaned up in {} ms",
                    address(), recovered.jobs().size(), recovered.finished().size(),
                    (System.nanoTime() - start) / 1_000_000);
        }, mainThreadExecutor());
    }

    /**
     * Starts a recovered job's JobMaster; if that fails (e.g. the previous leadership's JobMaster of the
     * same job is still leaving leader election), tries again while this leadership lasts, so the job is
     * never silently dropped.
     */
    private void startRecoveredJob(StoredJobGraph job, UUID token) {
        if (!token.equals(leaderSession) || running.containsKey(job.jobGraph().jobId())) {
            return;
        }
        try {
            startJobMaster(job.jobGraph(), job.jars());
        } catch (RuntimeException e) {
            log.error("Cannot start recovered job {} yet; retrying in {} ms", job.jobGraph().jobId(),
                    RECOVERY_RETRY.toMillis(), e);
            scheduleRunAsync(() -> startRecoveredJob(job, token), RECOVERY_RETRY);
        }
    }

    @Override
    public void revokeLeadership() {
        runAsync(() -> {
            if (leaderSession == null) {
                return;
            }
            log.warn("Dispatcher {} lost leadership; stopping {} job(s), which the next leader recovers",
                    address(), running.size());
            leaderSession = null;
            setFencingToken(null);
            resourceManager = null;
            for (Map.Entry<JobId, RunningJob> e : running.entrySet()) {
                e.getValue().jobMaster().closeAsync();
                JobId jobId = e.getKey();
                ioExecutor.execute(() -> persistence.release(jobId));
            }
            running.clear();
        });
    }

    private void archiveRecoveredResult(JobResult r) {
        archive(new ArchivedJob(r, new JobDetails(r.jobId(), r.jobName(), r.status(), r.startTime(), r.endTime(),
                r.restarts(), List.of(), Map.of())));
    }

    @Override
    protected Object handle(DispatcherProtocol message) {
        if (message instanceof SubmitJob m) {
            return submit(m);
        } else if (message instanceof ListJobs) {
            return listJobs();
        } else if (message instanceof RequestJobDetails m) {
            RunningJob job = running.get(m.jobId());
            if (job != null) {
                return job.ref().ask(new JobMasterProtocol.RequestJobDetails());
            }
            return archived(m.jobId()).details();
        } else if (message instanceof DispatcherProtocol.RequestCheckpointStats m) {
            RunningJob job = running.get(m.jobId());
            if (job != null) {
                return job.ref().ask(new JobMasterProtocol.RequestCheckpointStats());
            }
            return archived(m.jobId()).checkpoints();
        } else if (message instanceof DispatcherProtocol.TriggerCheckpoint m) {
            RunningJob job = running.get(m.jobId());
            if (job == null) {
                ArchivedJob done = archived(m.jobId());
                throw new JobStateConflictException("Job " + m.jobId() + " already reached " + done.result().status()
                        + "; only a running job takes checkpoints");
            }
            // A requested checkpoint may wait for a free slot and then run, each up to the checkpoint timeout;
            // the JobMaster answers within that, so the default ask timeout would cut long checkpoints short.
            java.time.Duration bound = job.checkpoints().timeout().multipliedBy(2).plus(rpcService().askTimeout());
            return job.ref().ask(new JobMasterProtocol.TriggerCheckpoint(), bound);
        } else if (message instanceof RequestJobResult m) {
            return running.containsKey(m.jobId()) ? null : archived(m.jobId()).result();
        } else if (message instanceof CancelJob m) {
            RunningJob job = running.get(m.jobId());
            if (job == null) {
                ArchivedJob done = archived(m.jobId());
                throw new JobStateConflictException("Job " + m.jobId() + " already reached " + done.result().status()
                        + " and cannot be cancelled");
            }
            return job.ref().ask(new JobMasterProtocol.Cancel());
        } else if (message instanceof RequestClusterOverview) {
            return overview();
        } else if (message instanceof ListTaskManagers) {
            return resourceManager().thenCompose(rm -> rm.ask(new ResourceManagerProtocol.ListTaskManagers()));
        } else if (message instanceof ListWorkers) {
            return resourceManager().thenCompose(rm -> rm.ask(new ResourceManagerProtocol.ListWorkers()));
        }
        throw new IllegalArgumentException("unknown message " + message);
    }

    private ArchivedJob archived(JobId jobId) {
        ArchivedJob job = finished.get(jobId);
        if (job == null) {
            throw new JobNotFoundException(jobId);
        }
        return job;
    }

    private CompletableFuture<JobId> submit(SubmitJob m) {
        JobGraph graph = m.jobGraph();
        JobId jobId = graph.jobId();
        if (running.containsKey(jobId) || finished.containsKey(jobId)) {
            throw new JobStateConflictException("Job " + jobId + " was already submitted; submit it with a new job id");
        }
        UUID session = leaderSession;
        // Jars and the job graph go to (possibly remote) storage: off the main thread, then back to start the JobMaster.
        return CompletableFuture.supplyAsync(() -> persist(graph, m.jars()), ioExecutor)
                .thenApplyAsync(keys -> {
                    if (session == null || !session.equals(leaderSession)) {
                        ioExecutor.execute(() -> persistence.release(jobId));
                        throw new IllegalStateException("the Dispatcher lost leadership while job " + jobId
                                + " was submitted; the new leader recovers it");
                    }
                    return startJobMaster(graph, keys);
                }, mainThreadExecutor());
    }

    private List<BlobKey> persist(JobGraph graph, List<JarFile> jars) {
        JobId jobId = graph.jobId();
        // before anything is stored, so a refused job leaves nothing behind
        RestoreCheck.check(configuration, graph);
        List<BlobKey> keys = new ArrayList<>();
        try {
            if (persistence.hasResult(jobId)) {
                throw new JobStateConflictException("Job " + jobId + " already ran to the end; submit it with a new job id");
            }
            for (JarFile jar : jars) {
                keys.add(blobServer.put(jobId, Path.of(jar.path()), jar.name()));
            }
            persistence.persistSubmission(new StoredJobGraph(graph, keys));
        } catch (JobStateConflictException e) {
            throw e;
        } catch (Exception e) {
            blobServer.deleteJob(jobId);
            throw new IllegalStateException("cannot store job " + jobId + " (jars and job graph): " + e.getMessage(), e);
        }
        return keys;
    }

    private JobId startJobMaster(JobGraph graph, List<BlobKey> jars) {
        JobId jobId = graph.jobId();
        if (running.containsKey(jobId)) {
            throw new JobStateConflictException("Job " + jobId + " was already submitted");
        }
        JobCheckpointServices checkpointServices;
        try {
            checkpointServices = JobCheckpointServices.create(configuration, graph, ha);
        } catch (Exception e) {
            throw new IllegalStateException("cannot set up the checkpoints of job " + jobId + ": " + e.getMessage(), e);
        }
        if (checkpointServices.settings().periodic() && checkpointServices.settings().directory() == null) {
            log.warn("Job {} takes checkpoints but has no checkpoint directory: they are kept in the JobManager's "
                    + "memory and lost with it; set execution.checkpointing.dir (hdfs://...)", jobId);
        }
        JobMaster[] self = new JobMaster[1];
        JobMaster jobMaster = new JobMaster(rpcService(), jobMasterSettings, graph, jars, blobServer.address(),
                resourceManagerLeader, RestartStrategies.create(configuration, graph.jobConfiguration()),
                ha.leaderElection(HighAvailabilityServices.jobMasterComponent(jobId)),
                archived -> runAsync(() -> jobTerminated(self[0], archived)), checkpointServices);
        self[0] = jobMaster;
        running.put(jobId, new RunningJob(graph, jobMaster, checkpointServices.settings()));
        jobMaster.start();
        log.info("Started job '{}' ({})", graph.jobName(), jobId);
        return jobId;
    }

    private void jobTerminated(JobMaster jobMaster, ArchivedJob archived) {
        JobId jobId = archived.result().jobId();
        RunningJob job = running.get(jobId);
        if (job == null || job.jobMaster() != jobMaster) {
            return; // a JobMaster of an earlier leadership
        }
        running.remove(jobId);
        archive(archived);
        jobMaster.closeAsync();
        ioExecutor.execute(() -> persistence.jobEnded(archived.result()));
    }

    private void archive(ArchivedJob archived) {
        finished.put(archived.result().jobId(), archived);
        while (finished.size() > Math.max(maxArchivedJobs, 0)) {
            finished.remove(finished.keySet().iterator().next());
        }
    }

    private CompletableFuture<List<JobOverview>> listJobs() {
        List<CompletableFuture<JobDetails>> details = new ArrayList<>();
        for (RunningJob job : running.values()) {
            details.add(job.ref().<JobDetails>ask(new JobMasterProtocol.RequestJobDetails()));
        }
        List<ArchivedJob> done = new ArrayList<>(finished.values());
        return CompletableFuture.allOf(details.toArray(CompletableFuture[]::new)).thenApply(v -> {
            List<JobOverview> jobs = new ArrayList<>();
            details.forEach(f -> jobs.add(overviewOf(f.join())));
            done.stream().map(ArchivedJob::details).sorted(Comparator.comparingLong(JobDetails::endTime).reversed())
                    .forEach(d -> jobs.add(overviewOf(d)));
            return jobs;
        });
    }

    private static JobOverview overviewOf(JobDetails d) {
        long end = d.endTime();
        long duration = (end > 0 ? end : System.currentTimeMillis()) - d.startTime();
        int tasks = d.vertices().stream().mapToInt(JobDetails.VertexDetails::parallelism).sum();
        return new JobOverview(d.jobId().toHexString(), d.name(), d.status(), d.startTime(), end, duration, tasks);
    }

    private CompletableFuture<ClusterOverview> overview() {
        int runningJobs = running.size();
        int finishedJobs = count(JobStatus.FINISHED);
        int cancelled = count(JobStatus.CANCELED);
        int failed = count(JobStatus.FAILED);
        return resourceManager()
                .thenCompose(rm -> rm.<ResourceManagerProtocol.ResourceOverview>ask(new ResourceManagerProtocol.RequestOverview()))
                .thenApply(r -> new ClusterOverview(r.taskManagers(), r.slotsTotal(), r.slotsAvailable(), runningJobs,
                        finishedJobs, cancelled, failed, SluiceVersion.get()));
    }

    private int count(JobStatus status) {
        return (int) finished.values().stream().filter(a -> a.result().status() == status).count();
    }

    private CompletableFuture<RpcRef<ResourceManagerProtocol>> resourceManager() {
        LeaderInfo leader = resourceManagerLeader.get();
        if (leader == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("there is no ResourceManager leader yet"));
        }
        if (resourceManager != null && leader.token().equals(resourceManager.fencingToken())) {
            return CompletableFuture.completedFuture(resourceManager);
        }
        return rpcService().connect(leader.address(), leader.token(), ResourceManagerProtocol.class)
                .thenApplyAsync(ref -> resourceManager = ref, mainThreadExecutor());
    }

    @Override
    protected CompletableFuture<Void> onStop() {
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (RunningJob job : running.values()) {
            stops.add(job.jobMaster().closeAsync());
        }
        try {
            leaderElection.close();
        } catch (Exception e) {
            log.warn("Closing leader election: {}", e.toString());
        }
        return CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new));
    }
}
