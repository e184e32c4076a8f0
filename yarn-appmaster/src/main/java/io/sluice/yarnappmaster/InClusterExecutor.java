package io.sluice.yarnappmaster;

import io.sluice.api.JobClient;
import io.sluice.api.JobExecutionResult;
import io.sluice.api.PipelineExecutor;
import io.sluice.dispatcher.DispatcherProtocol;
import io.sluice.graph.JobGraph;
import io.sluice.graph.JobId;
import io.sluice.jobmaster.JobResult;
import io.sluice.rpc.RpcRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * Application mode: the user's main() runs in the ApplicationMaster and its jobs go straight to
 * the Dispatcher in the same JVM. Remembers every job so the AM can report the outcome to YARN.
 */
final class InClusterExecutor implements PipelineExecutor {

    private final RpcRef<DispatcherProtocol> dispatcher;
    private final List<DispatcherProtocol.JarFile> jars;
    final List<CompletableFuture<JobResult>> results = new ArrayList<>();

    InClusterExecutor(RpcRef<DispatcherProtocol> dispatcher, List<DispatcherProtocol.JarFile> jars) {
        this.dispatcher = dispatcher;
        this.jars = jars;
    }

    @Override
    public JobClient execute(JobGraph jobGraph) throws Exception {
        JobId id = dispatcher.<JobId>ask(new DispatcherProtocol.SubmitJob(jobGraph, jars)).get(60, TimeUnit.SECONDS);
        CompletableFuture<JobResult> result = awaitResult(dispatcher, id);
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

    /** Polls the Dispatcher until the job has a result. */
    static CompletableFuture<JobResult> awaitResult(RpcRef<DispatcherProtocol> dispatcher, JobId id) {
        CompletableFuture<JobResult> result = new CompletableFuture<>();
        poll(dispatcher, id, result);
        return result;
    }

    private static void poll(RpcRef<DispatcherProtocol> dispatcher, JobId id, CompletableFuture<JobResult> result) {
        dispatcher.<JobResult>ask(new DispatcherProtocol.RequestJobResult(id)).whenComplete((r, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure);
            } else if (r != null) {
                result.complete(r);
            } else {
                CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS).execute(() -> poll(dispatcher, id, result));
            }
        });
    }
}
