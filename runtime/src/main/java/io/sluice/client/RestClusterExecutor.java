package io.sluice.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.api.JobClient;
import io.sluice.api.JobExecutionResult;
import io.sluice.api.PipelineExecutor;
import io.sluice.graph.JobGraph;
import io.sluice.api.common.JobId;
import io.sluice.rest.RestClient;
import io.sluice.rest.RestClientException;
import io.sluice.rest.RestMapper;
import io.sluice.rpc.SerializedThrowable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Submits jobs to a running cluster through its REST API ({@code POST /jobs} with the job graph
 * and the jars) and follows them through {@code /jobs/<id>/execution-result}.
 */
public final class RestClusterExecutor implements io.sluice.translation.JobGraphExecutor {

    private static final Duration POLL = Duration.ofMillis(200);

    private final CompletableFuture<RestClient> restClient;
    private volatile RestClient rest;
    private final List<Path> jars;
    private final boolean detached;
    private final Consumer<JobId> onSubmitted;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rest-job-client");
        t.setDaemon(true);
        return t;
    });

    public RestClusterExecutor(RestClient rest, List<Path> jars, boolean detached, Consumer<JobId> onSubmitted) {
        this(CompletableFuture.completedFuture(rest), jars, detached, onSubmitted);
    }

    /**
     * With the cluster's address still being looked up (e.g. at YARN) while the program builds its
     * job: the lookup's failure surfaces as {@link ClusterLookupException} when the first job is submitted.
     */
    public RestClusterExecutor(CompletableFuture<RestClient> rest, List<Path> jars, boolean detached,
                               Consumer<JobId> onSubmitted) {
        this.restClient = rest;
        this.jars = List.copyOf(jars);
        this.detached = detached;
        this.onSubmitted = onSubmitted;
    }

    @Override
    public JobClient execute(JobGraph jobGraph) throws Exception {
        try {
            rest = restClient.join();
        } catch (java.util.concurrent.CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new ClusterLookupException(cause.getMessage() == null ? cause.toString() : cause.getMessage(), cause);
        }
        Path graphFile = Files.createTempFile("sluice-jobgraph-", ".bin");
        try {
            Files.write(graphFile, jobGraph.toBytes());
            List<RestClient.FilePart> files = new ArrayList<>();
            files.add(new RestClient.FilePart("jobgraph", "job.bin", graphFile));
            List<String> jarNames = new ArrayList<>();
            for (Path jar : jars) {
                String name = jar.getFileName().toString();
                jarNames.add(name);
                files.add(new RestClient.FilePart("jar", name, jar));
            }
            String request = RestMapper.get().writeValueAsString(Map.of("jobGraphFileName", "job.bin", "jobJarFileNames", jarNames));
            JsonNode answer;
            try {
                answer = rest.postMultipart("/jobs", Map.of("request", request), files, JsonNode.class);
            } catch (RestClientException e) {
                throw new SubmissionException("could not submit the job: " + e.getMessage(), e);
            }
            JobId id = JobId.fromHexString(answer.path("jobid").asText());
            onSubmitted.accept(id);
            return new RestJobClient(id);
        } finally {
            Files.deleteIfExists(graphFile);
        }
    }

    private final class RestJobClient implements JobClient {
        private final JobId jobId;
        private final CompletableFuture<JobExecutionResult> result = new CompletableFuture<>();

        RestJobClient(JobId jobId) {
            this.jobId = jobId;
            if (detached) {
                result.complete(new JobExecutionResult(jobId, "detached", Duration.ZERO));
            } else {
                poll();
            }
        }

        private void poll() {
            try {
                JsonNode r = rest.getJson("/jobs/" + jobId + "/execution-result");
                if ("COMPLETED".equals(r.path("status").path("id").asText())) {
                    complete(r.path("job-execution-result"));
                    return;
                }
            } catch (RestClientException e) {
                if (e.statusCode() == 404 || e.statusCode() == RestClientException.NO_STATUS) {
                    result.completeExceptionally(e);
                    return;
                }
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
                return;
            }
            timers.schedule(this::poll, POLL.toMillis(), TimeUnit.MILLISECONDS);
        }

        private void complete(JsonNode r) {
            String status = r.path("application-status").asText();
            switch (status) {
                case "SUCCEEDED" -> result.complete(new JobExecutionResult(jobId, r.path("name").asText(),
                        Duration.ofMillis(r.path("net-runtime").asLong())));
                case "CANCELED" -> result.completeExceptionally(new CancellationException("job " + jobId + " was cancelled"));
                default -> {
                    JsonNode cause = r.path("failure-cause");
                    SerializedThrowable failure = cause.isMissingNode() ? null : new SerializedThrowable(
                            cause.path("class").asText(), cause.path("message").asText(null),
                            cause.path("stack-trace").asText(), null);
                    result.completeExceptionally(new CompletionException(new JobResults.JobFailedException(
                            "job '" + r.path("name").asText() + "' (" + jobId + ") " + status + " after "
                                    + r.path("restarts").asInt() + " restart(s)", failure)));
                }
            }
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
            return CompletableFuture.runAsync(() -> {
                try {
                    rest.patch("/jobs/" + jobId + "?mode=cancel", Void.class);
                } catch (RestClientException e) {
                    throw new CompletionException(e);
                }
            });
        }
    }
}
