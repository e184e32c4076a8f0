package io.sluice.yarnappmaster;

import io.sluice.api.JobClient;
import io.sluice.api.JobExecutionResult;
import io.sluice.api.PipelineExecutor;
import io.sluice.api.common.JobId;
import io.sluice.common.JobResult;
import io.sluice.dispatcher.DispatcherProtocol;
import io.sluice.dispatcher.JobNotFoundException;
import io.sluice.graph.JobGraph;
import io.sluice.ha.JobResultStore;
import io.sluice.rpc.RpcRef;
import io.sluice.rpc.SerializedThrowable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Application mode: the user's main() runs in the ApplicationMaster and its jobs go straight to
 * the Dispatcher in the same JVM. Remembers every job so the AM can report the outcome to YARN.
 *
 * <p>The n-th job main() submits gets a job id fixed by the application id and n (as Flink fixes the
 * job id in application mode), so that a main() that runs again after an ApplicationMaster failover
 * cannot run a job twice: on a later attempt, a job the Dispatcher recovered or that already has a
 * result is followed instead of submitted. With high availability, each job is also written to the
 * {@link ApplicationJobLog} before it is submitted, from which a later attempt learns that main() need
 * not run again.
 */
final class InClusterExecutor implements io.sluice.translation.JobGraphExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(InClusterExecutor.class);

    private final RpcRef<DispatcherProtocol> dispatcher;
    private final List<DispatcherProtocol.JarFile> jars;
    private final ApplicationId applicationId;
    private final ApplicationJobLog jobLog;
    private final JobResultStore jobResults;
    private final boolean afterFailover;
    private int nextOrdinal;
    final List<CompletableFuture<JobResult>> results = new ArrayList<>();

    /**
     * @param jobLog        where accepted jobs are recorded; null without high availability (nothing survives)
     * @param afterFailover a later attempt with high availability: a job may exist already
     */
    InClusterExecutor(RpcRef<DispatcherProtocol> dispatcher, List<DispatcherProtocol.JarFile> jars,
                      ApplicationId applicationId, ApplicationJobLog jobLog, JobResultStore jobResults,
                      boolean afterFailover) {
        this.dispatcher = dispatcher;
        this.jars = jars;
        this.applicationId = applicationId;
        this.jobLog = jobLog;
        this.jobResults = jobResults;
        this.afterFailover = afterFailover;
    }

    private volatile boolean stopped;

    /** The id of the ordinal-th job of an application: the same in every attempt, unique across applications. */
    static JobId jobIdFor(ApplicationId app, int ordinal) {
        return new JobId(app.getClusterTimestamp(), ((long) app.getId() << 32) | (ordinal & 0xffffffffL));
    }

    /** The cluster is stopping: main() may not start jobs any more (one started now would never be cancelled). */
    void stop() {
        stopped = true;
    }

    @Override
    public JobClient execute(JobGraph jobGraph) throws Exception {
        if (stopped) {
            throw new CancellationException("the application cluster is stopping: job '" + jobGraph.jobName()
                    + "' is not submitted");
        }
        int ordinal;
        synchronized (this) {
            ordinal = nextOrdinal++;
        }
        JobId id = jobIdFor(applicationId, ordinal);
        String name = jobGraph.jobName();
        Optional<CompletableFuture<JobResult>> existing = afterFailover ? existing(dispatcher, jobResults, id) : Optional.empty();
        if (jobLog != null) {
            // before the submission: should this attempt die from here on, the next one knows main() got this far
            try {
                jobLog.jobSubmitted(new ApplicationJobLog.SubmittedJob(ordinal, id, name));
            } catch (Exception e) {
                // the job runs regardless; a later attempt without this entry still finds the job by its fixed id
                LOG.warn("Cannot log job {} ({}) in the staging dir: {}", ordinal, id, e.toString());
            }
        }
        CompletableFuture<JobResult> result;
        if (existing.isPresent()) {
            LOG.info("Job {} of the application, '{}' ({}), was submitted before the failover: following it instead of "
                    + "submitting it again", ordinal, name, id);
            result = existing.get();
        } else {
            JobGraph fixed = new JobGraph(id, name, jobGraph.vertices(), jobGraph.edges(), jobGraph.jobConfiguration());
            dispatcher.<JobId>ask(new DispatcherProtocol.SubmitJob(fixed, jars)).get(60, TimeUnit.SECONDS);
            LOG.info("Submitted job {} of the application: '{}' ({})", ordinal, name, id);
            result = awaitResult(dispatcher, id);
        }
        synchronized (results) {
            results.add(result);
        }
        CompletableFuture<JobExecutionResult> execution = result.thenApply(r -> switch (r.status()) {
            case FINISHED -> new JobExecutionResult(id, r.jobName(), Duration.ofMillis(r.endTime() - r.startTime()));
            case CANCELED -> throw new CancellationException("job " + id + " was cancelled");
            default -> throw new CompletionException(new IllegalStateException("job '" + r.jobName() + "' (" + id + ") "
                    + r.status() + " after " + r.restarts() + " restart(s)", r.failureCause()));
        });
        return new JobClient() {
            @Override
            public JobId jobId() {
                return id;
            }

            @Override
            public CompletableFuture<JobExecutionResult> result() {
                return execution;
            }

            @Override
            public CompletableFuture<Void> cancel() {
                return dispatcher.ask(new DispatcherProtocol.CancelJob(id)).thenApply(v -> null);
            }
        };
    }

    /**
     * The result of a job this cluster already knows: one the Dispatcher recovered (running, or ended
     * with a dirty result) or one whose result is in the job result store (it ended before the
     * failover). Empty when the cluster has never seen the job. The Dispatcher must be leader.
     */
    static Optional<CompletableFuture<JobResult>> existing(RpcRef<DispatcherProtocol> dispatcher,
                                                           JobResultStore jobResults, JobId id) throws Exception {
        try {
            JobResult r = dispatcher.<JobResult>ask(new DispatcherProtocol.RequestJobResult(id)).get(30, TimeUnit.SECONDS);
            return Optional.of(r != null ? CompletableFuture.completedFuture(r) : awaitResult(dispatcher, id));
        } catch (ExecutionException e) {
            if (!SerializedThrowable.isCausedBy(e, JobNotFoundException.class)) {
                throw e;
            }
        }
        // not in the Dispatcher's (bounded) archive: it may have ended, and been cleaned up, before the failover
        return jobResults.jobResult(id).map(CompletableFuture::completedFuture);
    }

    /** How long a JobManager may be without leadership (a ZooKeeper session lost and regained) while a job is followed. */
    static final Duration LEADERSHIP_REGAIN_TIMEOUT = Duration.ofMinutes(10);

    /**
     * Polls the Dispatcher until the job has a result. While the JobManager is without leadership (its
     * ZooKeeper session was lost: it steps down and contends again, then recovers the job), polling
     * goes on for up to {@link #LEADERSHIP_REGAIN_TIMEOUT}.
     */
    static CompletableFuture<JobResult> awaitResult(RpcRef<DispatcherProtocol> dispatcher, JobId id) {
        CompletableFuture<JobResult> result = new CompletableFuture<>();
        poll(dispatcher, id, result, -1);
        return result;
    }

    private static void poll(RpcRef<DispatcherProtocol> dispatcher, JobId id, CompletableFuture<JobResult> result,
                             long leaderlessSince) {
        dispatcher.<JobResult>ask(new DispatcherProtocol.RequestJobResult(id)).whenComplete((r, failure) -> {
            boolean leaderless = failure != null
                    && (SerializedThrowable.isCausedBy(failure, io.sluice.rpc.FencingTokenException.class)
                    || SerializedThrowable.isCausedBy(failure, JobNotFoundException.class) && leaderlessSince >= 0);
            if (leaderless) {
                long since = leaderlessSince >= 0 ? leaderlessSince : System.nanoTime();
                if (System.nanoTime() - since < LEADERSHIP_REGAIN_TIMEOUT.toNanos()) {
                    CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS)
                            .execute(() -> poll(dispatcher, id, result, since));
                    return;
                }
            }
            if (failure != null) {
                result.completeExceptionally(failure);
            } else if (r != null) {
                result.complete(r);
            } else {
                CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS).execute(() -> poll(dispatcher, id, result, -1));
            }
        });
    }
}
