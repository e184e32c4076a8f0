package io.sluice.dispatcher;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.sluice.api.common.JobId;
import io.sluice.checkpoint.CheckpointNotStartedException;
import io.sluice.checkpoint.CheckpointStatsSnapshot.Entry;
import io.sluice.checkpoint.CheckpointStatsSnapshot;
import io.sluice.common.JobResult;
import io.sluice.common.JobStatus;
import io.sluice.config.Configuration;
import io.sluice.graph.JobGraph;
import io.sluice.jobmaster.JobDetails;
import io.sluice.protocol.ResourceManagerProtocol.TaskManagerInfo;
import io.sluice.protocol.ResourceManagerProtocol.WorkerInfo;
import io.sluice.rest.RestException;
import io.sluice.rest.RestRequest;
import io.sluice.rest.RestResponse;
import io.sluice.rest.Router;
import io.sluice.rest.UploadedFile;
import io.sluice.rpc.RpcRef;
import io.sluice.rpc.SerializedThrowable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.zip.ZipFile;

/**
 * The JobManager's REST API. Paths and field names follow Flink's REST API where the meaning is the
 * same, so scripts and tools written for it work for the common calls.
 */
public final class JobManagerRestApi {

    private static final java.time.Duration TRIGGER_BOUND = java.time.Duration.ofHours(24);

    private final RpcRef<DispatcherProtocol> dispatcher;
    private final Configuration configuration;
    private final JarStore jars;

    public JobManagerRestApi(RpcRef<DispatcherProtocol> dispatcher, Configuration configuration, JarStore jars) {
        this.dispatcher = dispatcher;
        this.configuration = configuration;
        this.jars = jars;
    }

    public Router router() {
        return new Router()
                .add(HttpMethod.GET, "/overview", r -> ask(new DispatcherProtocol.RequestClusterOverview())
                        .thenApply(o -> RestResponse.ok(overviewJson((ClusterOverview) o))))
                .add(HttpMethod.GET, "/config", r -> CompletableFuture.completedFuture(RestResponse.ok(configJson())))
                .add(HttpMethod.GET, "/jobmanager/config", r -> CompletableFuture.completedFuture(RestResponse.ok(configJson())))
                .add(HttpMethod.GET, "/jobs", r -> listJobs(false))
                .add(HttpMethod.GET, "/jobs/overview", r -> listJobs(true))
                .add(HttpMethod.POST, "/jobs", this::submitJob)
                .add(HttpMethod.GET, "/jobs/:jobid", r -> ask(new DispatcherProtocol.RequestJobDetails(jobId(r)))
                        .thenApply(d -> RestResponse.ok(detailsJson((JobDetails) d))))
                .add(HttpMethod.PATCH, "/jobs/:jobid", this::cancelJob)
                .add(HttpMethod.GET, "/jobs/:jobid/execution-result", r -> ask(new DispatcherProtocol.RequestJobResult(jobId(r)))
                        .thenApply(result -> RestResponse.ok(executionResultJson((JobResult) result))))
                .add(HttpMethod.GET, "/jobs/:jobid/checkpoints", r -> checkpointStats(jobId(r))
                        .thenApply(s -> RestResponse.ok(CheckpointStatsJson.stats(s))))
                .add(HttpMethod.GET, "/jobs/:jobid/checkpoints/config", this::checkpointConfig)
                .add(HttpMethod.GET, "/jobs/:jobid/checkpoints/details/:checkpointid", this::checkpointDetails)
                .add(HttpMethod.POST, "/jobs/:jobid/checkpoints", this::triggerCheckpoint)
                .add(HttpMethod.GET, "/taskmanagers", r -> ask(new DispatcherProtocol.ListTaskManagers())
                        .thenApply(list -> RestResponse.ok(taskManagersJson(list))))
                .add(HttpMethod.GET, "/resourcemanager/workers", r -> ask(new DispatcherProtocol.ListWorkers())
                        .thenApply(list -> RestResponse.ok(workersJson(list))))
                .add(HttpMethod.POST, "/jars/upload", this::uploadJar)
                .add(HttpMethod.GET, "/jars", r -> CompletableFuture.completedFuture(RestResponse.ok(Map.of("files", jars.list()))));
    }

    private CompletableFuture<Object> ask(DispatcherProtocol message) {
        return dispatcher.ask(message).exceptionally(t -> {
            throw new CompletionException(toRestException(t));
        });
    }

    /** Maps the Dispatcher's failures to HTTP statuses; works for local and deserialized exceptions alike. */
    static Throwable toRestException(Throwable t) {
        Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        if (SerializedThrowable.isCausedBy(cause, JobNotFoundException.class)) {
            return new RestException(HttpResponseStatus.NOT_FOUND, cause.getMessage());
        } else if (SerializedThrowable.isCausedBy(cause, JobStateConflictException.class)) {
            return new RestException(HttpResponseStatus.CONFLICT, cause.getMessage());
        } else if (SerializedThrowable.isCausedBy(cause, io.sluice.rpc.FencingTokenException.class)) {
            return new RestException(HttpResponseStatus.SERVICE_UNAVAILABLE, cause.getMessage());
        } else if (cause instanceof IllegalArgumentException) {
            return new RestException(HttpResponseStatus.BAD_REQUEST, cause.getMessage());
        }
        return cause;
    }

    private static JobId jobId(RestRequest r) {
        try {
            return JobId.fromHexString(r.pathParameter("jobid"));
        } catch (IllegalArgumentException e) {
            throw new RestException(HttpResponseStatus.BAD_REQUEST, e.getMessage());
        }
    }

    // ---- jobs ----

    /** The submission request; file names refer to the multipart parts, never to server paths. */
    public record JobSubmitRequest(String jobGraphFileName, List<String> jobJarFileNames) {}

    private CompletableFuture<RestResponse> submitJob(RestRequest r) throws IOException {
        String requestJson = r.formField("request").orElseThrow(() -> new RestException(HttpResponseStatus.BAD_REQUEST,
                "POST /jobs expects multipart/form-data with a 'request' field ({\"jobGraphFileName\": ..., "
                        + "\"jobJarFileNames\": [...]}) and the named files"));
        JobSubmitRequest request = RestRequest.builder(HttpMethod.POST, "/jobs")
                .body(requestJson.getBytes(java.nio.charset.StandardCharsets.UTF_8)).build().bodyAs(JobSubmitRequest.class);
        if (request.jobGraphFileName() == null) {
            throw new RestException(HttpResponseStatus.BAD_REQUEST, "field 'jobGraphFileName' is missing in 'request'");
        }
        Map<String, UploadedFile> files = new LinkedHashMap<>();
        for (UploadedFile f : r.uploadedFiles()) {
            files.put(f.originalFileName(), f);
        }
        UploadedFile graphFile = files.get(request.jobGraphFileName());
        if (graphFile == null) {
            throw new RestException(HttpResponseStatus.BAD_REQUEST, "the request names job graph file '"
                    + request.jobGraphFileName() + "' but no such file was uploaded");
        }
        JobGraph graph;
        try {
            graph = JobGraph.fromBytes(Files.readAllBytes(graphFile.storedPath()));
        } catch (IOException e) {
            throw new RestException(HttpResponseStatus.BAD_REQUEST, "file '" + request.jobGraphFileName()
                    + "' is not a Sluice job graph: " + e.getMessage());
        }
        List<DispatcherProtocol.JarFile> jarFiles = new ArrayList<>();
        for (String name : request.jobJarFileNames() == null ? List.<String>of() : request.jobJarFileNames()) {
            UploadedFile jar = files.get(name);
            if (jar == null) {
                throw new RestException(HttpResponseStatus.BAD_REQUEST, "the request names jar '" + name
                        + "' but no such file was uploaded");
            }
            checkIsJar(jar.storedPath(), name);
            jarFiles.add(new DispatcherProtocol.JarFile(jar.storedPath().toString(), name));
        }
        // The Dispatcher copies the jars before this request's temp files are deleted.
        return ask(new DispatcherProtocol.SubmitJob(graph, jarFiles)).thenApply(id -> RestResponse.accepted(
                Map.of("jobUrl", "/jobs/" + ((JobId) id).toHexString(), "jobid", ((JobId) id).toHexString())));
    }

    static void checkIsJar(Path file, String name) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            if (zip.size() == 0) {
                throw new IOException("empty");
            }
        } catch (IOException e) {
            throw new RestException(HttpResponseStatus.BAD_REQUEST, "'" + name + "' is not a jar file: upload a jar built for the job");
        }
    }

    private CompletableFuture<RestResponse> cancelJob(RestRequest r) {
        String mode = r.queryParameter("mode").orElse("cancel");
        if (!mode.equals("cancel")) {
            throw new RestException(HttpResponseStatus.BAD_REQUEST, "mode '" + mode + "' is not supported; use mode=cancel");
        }
        return ask(new DispatcherProtocol.CancelJob(jobId(r))).thenApply(v -> RestResponse.accepted(Map.of()));
    }

    @SuppressWarnings("unchecked")
    private CompletableFuture<RestResponse> listJobs(boolean overview) {
        return ask(new DispatcherProtocol.ListJobs()).thenApply(o -> {
            List<JobOverview> jobs = (List<JobOverview>) o;
            List<Map<String, Object>> out = new ArrayList<>();
            for (JobOverview j : jobs) {
                Map<String, Object> m = new LinkedHashMap<>();
                if (overview) {
                    m.put("jid", j.jid());
                    m.put("name", j.name());
                    m.put("state", j.state());
                    m.put("start-time", j.startTime());
                    m.put("end-time", j.endTime());
                    m.put("duration", j.duration());
                    m.put("tasks", Map.of("total", j.tasks()));
                } else {
                    m.put("id", j.jid());
                    m.put("status", j.state());
                }
                out.add(m);
            }
            return RestResponse.ok(Map.of("jobs", out));
        });
    }

    // ---- checkpoints ----

    /** Null while the job's JobMaster does not lead yet (or for a job that ended under an earlier leader). */
    private CompletableFuture<CheckpointStatsSnapshot> checkpointStats(JobId jobId) {
        return ask(new DispatcherProtocol.RequestCheckpointStats(jobId)).thenApply(s -> (CheckpointStatsSnapshot) s);
    }

    private CompletableFuture<RestResponse> checkpointConfig(RestRequest r) {
        JobId jobId = jobId(r);
        return checkpointStats(jobId).thenApply(s -> {
            if (s == null) {
                throw new RestException(HttpResponseStatus.SERVICE_UNAVAILABLE, "the checkpoint configuration of job "
                        + jobId + " is not known yet: its JobMaster has not started (retry shortly), or the job "
                        + "ended before this JobManager led");
            }
            return RestResponse.ok(CheckpointStatsJson.config(s.settings()));
        });
    }

    private CompletableFuture<RestResponse> checkpointDetails(RestRequest r) {
        JobId jobId = jobId(r);
        String idText = r.pathParameter("checkpointid");
        long checkpointId;
        try {
            checkpointId = Long.parseLong(idText);
        } catch (NumberFormatException e) {
            throw new RestException(HttpResponseStatus.BAD_REQUEST, "checkpoint id '" + idText + "' is not a number");
        }
        return checkpointStats(jobId).thenApply(s -> {
            Entry entry = s == null ? null : s.find(checkpointId);
            if (entry == null) {
                String kept = s == null || s.history().isEmpty() ? "it has none yet"
                        : "it has " + s.history().get(s.history().size() - 1).id() + " to " + s.history().get(0).id();
                throw new RestException(HttpResponseStatus.NOT_FOUND, "checkpoint " + checkpointId + " of job " + jobId
                        + " is not known: only the latest " + CheckpointStatsSnapshot.HISTORY_SIZE
                        + " checkpoints are kept (" + kept + "); GET /jobs/" + jobId + "/checkpoints lists them");
            }
            return RestResponse.ok(CheckpointStatsJson.details(entry));
        });
    }

    /**
     * Answers once the checkpoint completed, not with Flink's request id to poll. The Dispatcher's
     * call to the JobMaster is bounded by the job's checkpoint timeout; this bound only guards
     * against a Dispatcher that never answers.
     */
    private CompletableFuture<RestResponse> triggerCheckpoint(RestRequest r) {
        JobId jobId = jobId(r);
        return dispatcher.<Long>ask(new DispatcherProtocol.TriggerCheckpoint(jobId), TRIGGER_BOUND).handle((id, t) -> {
            if (t == null) {
                return RestResponse.accepted(Map.of("checkpoint-id", id));
            }
            Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
            if (SerializedThrowable.isCausedBy(cause, CheckpointNotStartedException.class)) {
                throw new CompletionException(new RestException(HttpResponseStatus.CONFLICT,
                        "no checkpoint of job " + jobId + " was taken: " + cause.getMessage()));
            }
            Throwable mapped = toRestException(cause);
            if (mapped instanceof RestException) {
                throw new CompletionException(mapped);
            }
            throw new CompletionException(new RestException(HttpResponseStatus.INTERNAL_SERVER_ERROR,
                    "the checkpoint of job " + jobId + " failed: " + cause.getMessage(), cause));
        });
    }

    // ---- JSON shapes ----

    private static Map<String, Object> overviewJson(ClusterOverview o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("taskmanagers", o.taskmanagers());
        m.put("slots-total", o.slotsTotal());
        m.put("slots-available", o.slotsAvailable());
        m.put("jobs-running", o.jobsRunning());
        m.put("jobs-finished", o.jobsFinished());
        m.put("jobs-cancelled", o.jobsCancelled());
        m.put("jobs-failed", o.jobsFailed());
        m.put("sluice-version", o.sluiceVersion());
        return m;
    }

    private List<Map<String, String>> configJson() {
        List<Map<String, String>> entries = new ArrayList<>();
        configuration.toMap().forEach((k, v) -> entries.add(Map.of("key", k, "value", v)));
        return entries;
    }

    static Map<String, Object> detailsJson(JobDetails d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("jid", d.jobId().toHexString());
        m.put("name", d.name());
        m.put("state", d.status());
        m.put("start-time", d.startTime());
        m.put("end-time", d.endTime());
        m.put("duration", (d.endTime() > 0 ? d.endTime() : System.currentTimeMillis()) - d.startTime());
        m.put("restarts", d.restarts());
        List<Map<String, Object>> vertices = new ArrayList<>();
        for (JobDetails.VertexDetails v : d.vertices()) {
            Map<String, Object> vm = new LinkedHashMap<>();
            vm.put("id", v.id());
            vm.put("name", v.name());
            vm.put("parallelism", v.parallelism());
            List<Map<String, Object>> subtasks = new ArrayList<>();
            for (JobDetails.SubtaskDetails s : v.subtasks()) {
                Map<String, Object> sm = new LinkedHashMap<>();
                sm.put("subtask", s.subtask());
                sm.put("attempt", s.attempt());
                sm.put("status", s.status());
                sm.put("taskmanager-id", s.taskManagerId());
                sm.put("start-time", s.startTime());
                sm.put("end-time", s.endTime());
                subtasks.add(sm);
            }
            vm.put("subtasks", subtasks);
            vertices.add(vm);
        }
        m.put("vertices", vertices);
        m.put("status-counts", d.tasksPerState());
        return m;
    }

    static Map<String, Object> executionResultJson(JobResult result) {
        if (result == null) {
            return Map.of("status", Map.of("id", "IN_PROGRESS"));
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", result.jobId().toHexString());
        r.put("name", result.jobName());
        r.put("application-status", applicationStatus(result.status()));
        r.put("net-runtime", result.endTime() - result.startTime());
        r.put("restarts", result.restarts());
        if (result.failureCause() != null) {
            Map<String, Object> cause = new LinkedHashMap<>();
            cause.put("class", result.failureCause().originalClassName());
            cause.put("message", result.failureCause().getMessage());
            cause.put("stack-trace", result.failureCause().originalStackTrace());
            r.put("failure-cause", cause);
        }
        return Map.of("status", Map.of("id", "COMPLETED"), "job-execution-result", r);
    }

    private static String applicationStatus(JobStatus status) {
        return switch (status) {
            case FINISHED -> "SUCCEEDED";
            case CANCELED -> "CANCELED";
            case FAILED -> "FAILED";
            default -> "UNKNOWN";
        };
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> taskManagersJson(Object list) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (TaskManagerInfo tm : (List<TaskManagerInfo>) list) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", tm.id().value());
            m.put("path", tm.address());
            m.put("slotsNumber", tm.slotsNumber());
            m.put("freeSlots", tm.freeSlots());
            m.put("timeSinceLastHeartbeat", tm.lastHeartbeatMillis());
            m.put("registeredAt", tm.registeredAtMillis());
            if (tm.worker() != null) {
                WorkerInfo w = tm.worker();
                m.put("node", w.node());
                m.put("recovered", w.recovered());
                m.put("requestedAt", millisOrNull(w.requestedAt()));
                m.put("allocatedAt", millisOrNull(w.allocatedAt()));
                m.put("launchedAt", millisOrNull(w.launchedAt()));
            }
            out.add(m);
        }
        return Map.of("taskmanagers", out);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> workersJson(Object list) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (WorkerInfo w : (List<WorkerInfo>) list) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", w.id());
            m.put("state", w.state());
            m.put("node", w.node());
            m.put("recovered", w.recovered());
            m.put("requestedAt", millisOrNull(w.requestedAt()));
            m.put("allocatedAt", millisOrNull(w.allocatedAt()));
            m.put("launchedAt", millisOrNull(w.launchedAt()));
            m.put("recoveredAt", millisOrNull(w.recoveredAt()));
            m.put("registeredAt", millisOrNull(w.registeredAt()));
            m.put("endedAt", millisOrNull(w.endedAt()));
            m.put("exitStatus", w.exitStatus());
            m.put("diagnostics", w.diagnostics());
            out.add(m);
        }
        return Map.of("workers", out);
    }

    private static Long millisOrNull(long millis) {
        return millis == 0 ? null : millis;
    }

    // ---- jars ----

    private CompletableFuture<RestResponse> uploadJar(RestRequest r) throws IOException {
        List<UploadedFile> files = r.uploadedFiles();
        if (files.size() != 1) {
            throw new RestException(HttpResponseStatus.BAD_REQUEST,
                    "POST /jars/upload expects exactly one file (form field 'jarfile'), got " + files.size());
        }
        UploadedFile file = files.get(0);
        checkIsJar(file.storedPath(), file.originalFileName());
        String id = jars.store(file.storedPath(), file.originalFileName());
        return CompletableFuture.completedFuture(RestResponse.ok(Map.of("filename", id, "status", "success")));
    }
}
