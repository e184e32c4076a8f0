package io.sluice.yarnclient;

import io.sluice.api.JobClient;
import io.sluice.api.JobExecutionResult;
import io.sluice.api.PipelineExecutor;
import io.sluice.client.ClusterDeployer;
import io.sluice.client.SubmissionException;
import io.sluice.graph.JobGraph;
import io.sluice.api.common.JobId;
import io.sluice.rest.RestClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;

/**
 * {@code -t yarn-per-job}: every job the program submits gets its own YARN application, which ends
 * with the job. The job graph is built here and shipped; the application's final status (and its
 * diagnostics, which carry the failure cause) is the job's outcome.
 */
final class PerJobExecutor implements io.sluice.translation.JobGraphExecutor {

    private final ClusterDeployer.RunContext context;

    PerJobExecutor(ClusterDeployer.RunContext context) {
        this.context = context;
    }

    @Override
    public JobClient execute(JobGraph jobGraph) throws Exception {
        YarnClusterDescriptor descriptor = null;
        YarnClusterDescriptor.Deployment d;
        try {
            descriptor = YarnClusterDeployer.descriptor(context.configuration(), context.err());
            d = descriptor.deploy(new YarnClusterDescriptor.ClusterSpec(AppMasterContract.Mode.PER_JOB,
                    "Sluice job " + jobGraph.jobName(), List.of(context.jar()), jobGraph.toBytes(), List.of()));
        } catch (ApplicationWaiter.ApplicationEndedException e) {
            descriptor.close();
            if (!e.ranAndUnregistered()) {
                throw new SubmissionException(e.getMessage(), e);
            }
            // the job ran and ended before the client saw the AM running: its outcome is the application's
            context.onSubmitted().accept(jobGraph.jobId());
            if (context.detached()) {
                context.out().println(e.report().getApplicationId());
            }
            YarnClusterDescriptor.Deployment ended = new YarnClusterDescriptor.Deployment(e.report().getApplicationId(),
                    YarnClusterDescriptor.restAddress(e.report()), descriptor.webUi(e.report().getApplicationId()));
            CompletableFuture<JobExecutionResult> result = new CompletableFuture<>();
            try {
                result.complete(outcome(jobGraph, e.report()));
            } catch (RuntimeException failure) {
                result.completeExceptionally(failure);
            }
            return new YarnJobClient(jobGraph.jobId(), ended, result);
        } catch (Exception e) {
            if (descriptor != null) {
                descriptor.close();
            }
            // nothing ran (bad input, YARN unreachable, the AM did not start): the CLI exits with 2, not 1
            throw new SubmissionException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
        }
        context.onSubmitted().accept(jobGraph.jobId());
        if (context.detached()) {
            descriptor.close();
            context.out().println(d.applicationId());
            return new YarnJobClient(jobGraph.jobId(), d,
                    CompletableFuture.completedFuture(new JobExecutionResult(jobGraph.jobId(), jobGraph.jobName(), Duration.ZERO)));
        }
        YarnClusterDescriptor cluster = descriptor;
        context.err().println("Job " + jobGraph.jobId() + " runs in YARN application " + d.applicationId() + "; web UI: " + d.webUi());
        CompletableFuture<JobExecutionResult> result = CompletableFuture.supplyAsync(() -> {
            try (cluster) {
                ApplicationReport end = new ApplicationWaiter(cluster.yarnClient(), context.err())
                        .awaitFinished(d.applicationId(), Duration.ofDays(3650));
                return outcome(jobGraph, end);
            } catch (CompletionException | CancellationException e) {
                throw e;
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        return new YarnJobClient(jobGraph.jobId(), d, result);
    }

    /** The job's result from its application's final report; throws when it did not succeed. */
    private static JobExecutionResult outcome(JobGraph jobGraph, ApplicationReport end) {
        if (end.getFinalApplicationStatus() == FinalApplicationStatus.SUCCEEDED) {
            return new JobExecutionResult(jobGraph.jobId(), jobGraph.jobName(),
                    Duration.ofMillis(end.getFinishTime() - end.getStartTime()));
        }
        if (end.getFinalApplicationStatus() == FinalApplicationStatus.KILLED) {
            throw new CancellationException("job " + jobGraph.jobId() + " was cancelled (application "
                    + end.getApplicationId() + " KILLED): " + end.getDiagnostics());
        }
        throw new CompletionException(new YarnJobFailedException("application " + end.getApplicationId() + " ended "
                + end.getFinalApplicationStatus() + ": " + end.getDiagnostics()));
    }

    /** The per-job application ended unsuccessfully; the message carries YARN's diagnostics (the job's cause). */
    static final class YarnJobFailedException extends RuntimeException {
        YarnJobFailedException(String message) {
            super(message);
        }
    }

    private record YarnJobClient(JobId jobId, YarnClusterDescriptor.Deployment deployment,
                                 CompletableFuture<JobExecutionResult> result) implements JobClient {
        @Override
        public CompletableFuture<Void> cancel() {
            return CompletableFuture.runAsync(() -> {
                try {
                    new RestClient(deployment.restAddress(), Duration.ofSeconds(30)).patch("/jobs/" + jobId + "?mode=cancel", Void.class);
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            });
        }
    }
}
