package io.sluice.dispatcher;

import io.sluice.blob.BlobKey;
import io.sluice.blob.BlobServer;
import io.sluice.config.Configuration;
import io.sluice.dispatcher.DispatcherProtocol.*;
import io.sluice.graph.JobGraph;
import io.sluice.graph.JobId;
import io.sluice.jobmaster.ArchivedJob;
import io.sluice.jobmaster.JobDetails;
import io.sluice.jobmaster.JobMaster;
import io.sluice.jobmaster.JobMasterProtocol;
import io.sluice.jobmaster.JobMasterSettings;
import io.sluice.jobmaster.JobStatus;
import io.sluice.jobmaster.RestartStrategies;
import io.sluice.leader.LeaderContender;
import io.sluice.leader.LeaderElection;
import io.sluice.leader.LeaderInfo;
import io.sluice.resourcemanager.ResourceManagerProtocol;
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

/**
 * Accepts jobs, runs one {@link JobMaster} per job, and keeps the results of finished jobs (the
 * newest {@code jobstore.max-capacity}) so that clients can ask for them after the fact.
 */
public final class Dispatcher extends FencedRpcEndpoint<DispatcherProtocol> implements LeaderContender {

    public static final String ENDPOINT_NAME = "dispatcher";

    private record RunningJob(JobGraph graph, JobMaster jobMaster, RpcRef<JobMasterProtocol> ref) {}

    private final Configuration configuration;
    private final JobMasterSettings jobMasterSettings;
    private final BlobServer blobServer;
    private final LeaderElection leaderElection;
    private final LeaderInfo resourceManagerLeader;
    private final ExecutorService ioExecutor;
    private final int maxArchivedJobs;
    private final Map<JobId, RunningJob> running = new LinkedHashMap<>();
    private final LinkedHashMap<JobId, ArchivedJob> finished = new LinkedHashMap<>();
    private RpcRef<ResourceManagerProtocol> resourceManager;

    public Dispatcher(RpcService rpcService, Configuration configuration, JobMasterSettings jobMasterSettings,
                      BlobServer blobServer, LeaderElection leaderElection, LeaderInfo resourceManagerLeader,
                      ExecutorService ioExecutor, int maxArchivedJobs) {
        super(rpcService, ENDPOINT_NAME, DispatcherProtocol.class);
        this.configuration = configuration;
        this.jobMasterSettings = jobMasterSettings;
        this.blobServer = blobServer;
        this.leaderElection = leaderElection;
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
            setFencingToken(token);
            leaderElection.confirmLeadership(new LeaderInfo(address(), token));
            log.info("Dispatcher {} is leader", address());
        });
    }

    @Override
    public void revokeLeadership() {
        runAsync(() -> setFencingToken(null));
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
        // Copying jars is blocking I/O: off the main thread, then back to start the JobMaster.
        return CompletableFuture.supplyAsync(() -> storeJars(jobId, m.jars()), ioExecutor)
                .thenApplyAsync(keys -> startJobMaster(graph, keys), mainThreadExecutor());
    }

    private List<BlobKey> storeJars(JobId jobId, List<JarFile> jars) {
        List<BlobKey> keys = new ArrayList<>();
        try {
            for (JarFile jar : jars) {
                keys.add(blobServer.put(jobId, Path.of(jar.path()), jar.name()));
            }
        } catch (java.io.IOException e) {
            blobServer.deleteJob(jobId);
            throw new java.io.UncheckedIOException("cannot store the jars of job " + jobId + ": " + e.getMessage(), e);
        }
        return keys;
    }

    private JobId startJobMaster(JobGraph graph, List<BlobKey> jars) {
        JobId jobId = graph.jobId();
        if (running.containsKey(jobId)) {
            throw new JobStateConflictException("Job " + jobId + " was already submitted");
        }
        JobMaster jobMaster = new JobMaster(rpcService(), jobMasterSettings, graph, jars, blobServer.address(),
                resourceManagerLeader, RestartStrategies.create(configuration, graph.jobConfiguration()),
                archived -> runAsync(() -> jobTerminated(archived)));
        RpcRef<JobMasterProtocol> ref = jobMaster.selfRefWithToken();
        running.put(jobId, new RunningJob(graph, jobMaster, ref));
        jobMaster.start();
        log.info("Submitted job '{}' ({})", graph.jobName(), jobId);
        return jobId;
    }

    private void jobTerminated(ArchivedJob archived) {
        JobId jobId = archived.result().jobId();
        RunningJob job = running.remove(jobId);
        finished.put(jobId, archived);
        while (finished.size() > Math.max(maxArchivedJobs, 0)) {
            finished.remove(finished.keySet().iterator().next());
        }
        if (job != null) {
            job.jobMaster().closeAsync();
        }
        ioExecutor.execute(() -> blobServer.deleteJob(jobId));
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
        if (resourceManager != null) {
            return CompletableFuture.completedFuture(resourceManager);
        }
        return rpcService().connect(resourceManagerLeader.address(), resourceManagerLeader.token(),
                ResourceManagerProtocol.class).thenApplyAsync(ref -> resourceManager = ref, mainThreadExecutor());
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
