package io.sluice.client;

import io.sluice.api.JobClient;
import io.sluice.api.JobExecutionResult;
import io.sluice.api.common.JobId;
import io.sluice.common.JobResult;
import io.sluice.dispatcher.DispatcherProtocol;
import io.sluice.rpc.RpcRef;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Follows a job through the Dispatcher's RPC endpoint (in the same process), polling for its result. */
public final class DispatcherJobClient implements JobClient {

    private static final Duration POLL = Duration.ofMillis(100);

    private final JobId jobId;
    private final RpcRef<DispatcherProtocol> dispatcher;
    private final ScheduledExecutorService timers;
    private final CompletableFuture<JobExecutionResult> result = new CompletableFuture<>();

    public DispatcherJobClient(JobId jobId, RpcRef<DispatcherProtocol> dispatcher, ScheduledExecutorService timers) {
        this.jobId = jobId;
        this.dispatcher = dispatcher;
        this.timers = timers;
        poll();
    }

    private void poll() {
        dispatcher.<JobResult>ask(new DispatcherProtocol.RequestJobResult(jobId)).whenComplete((r, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure);
            } else if (r == null) {
                timers.schedule(this::poll, POLL.toMillis(), TimeUnit.MILLISECONDS);
            } else {
                try {
                    result.complete(JobResults.toExecutionResult(r));
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            }
        });
    }

    @Override
    public JobId jobId() {
        return jobId;
    }

    @Override
    public CompletableFuture<JobExecutionResult> result() {
        return result;
    }

    @Override
    public CompletableFuture<Void> cancel() {
        return dispatcher.ask(new DispatcherProtocol.CancelJob(jobId)).thenApply(v -> null);
    }
}
