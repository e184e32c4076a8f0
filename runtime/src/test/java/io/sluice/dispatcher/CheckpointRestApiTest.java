package io.sluice.dispatcher;

import io.sluice.translation.JobGraphGenerator;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.api.JobClient;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.functions.Collector;
import io.sluice.api.functions.KeyedProcessFunction;
import io.sluice.client.MultiTaskManagerCluster;
import io.sluice.config.CheckpointingOptions;
import io.sluice.api.checkpoint.ExternalizedCheckpointRetention;
import io.sluice.config.Configuration;
import io.sluice.graph.JobGraph;
import io.sluice.api.common.JobId;
import io.sluice.rest.RestClient;
import io.sluice.rest.RestClientException;
import io.sluice.rest.RestMapper;
import io.sluice.api.state.ValueState;
import io.sluice.api.state.ValueStateDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /jobs/:jobid/checkpoints...} over real HTTP against a JobManager and two TaskManagers in
 * this JVM, with checkpointed jobs (a rate-limited source, keyed state) writing real checkpoint files.
 */
@Timeout(180)
class CheckpointRestApiTest {

    static MultiTaskManagerCluster cluster;
    static RestClient rest;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        cluster = new MultiTaskManagerCluster(new Configuration(), 2, 2);
        rest = new RestClient("http://127.0.0.1:" + cluster.restPort(), Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @AfterEach
    void reset() {
        StreamEnvironment.resetContext();
    }

    /** Counts records per key, so that checkpoints carry keyed state. */
    static final class Count extends KeyedProcessFunction<Long, Long, Long> {
        private transient ValueState<Long> count;

        @Override
        public void open() {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Long.class));
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<Long> out) throws Exception {
            long c = count.value() == null ? 1 : count.value() + 1;
            count.update(c);
            out.collect(c);
        }
    }

    /** A job that runs until cancelled: a slow sequence, keyed by 7, counted, discarded. */
    private static StreamEnvironment checkpointedJob(String checkpoints) {
        StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(100);
        env.getCheckpointConfig().setCheckpointStorage(checkpoints);
        env.fromSequence(1, 100_000_000L, 2_000).uid("sequence").keyBy(v -> v % 7).process(new Count()).uid("count").discard();
        return env;
    }

    @Test
    void statisticsConfigurationAndDetailsOfARunningJob() throws Exception {
        Path checkpoints = dir.resolve("checkpoints");
        String storage = checkpoints.toUri().toString();
        StreamEnvironment.initializeContext(cluster, 2);
        JobClient job = checkpointedJob(storage).executeAsync("checkpoint statistics");
        String base = "/jobs/" + job.jobId() + "/checkpoints";
        try {
            JsonNode first = awaitStats(base, s -> s.path("counts").path("completed").asLong() >= 2);
            assertShape(first, checkpoints.resolve(job.jobId().toHexString()));
            long completedBefore = first.path("counts").path("completed").asLong();
            JsonNode later = awaitStats(base, s -> s.path("counts").path("completed").asLong() > completedBefore + 2);
            assertTrue(later.path("counts").path("total").asLong() > first.path("counts").path("total").asLong(),
                    "periodic checkpoints keep being triggered: " + later.path("counts"));
            assertShape(later, checkpoints.resolve(job.jobId().toHexString()));

            JsonNode config = rest.getJson(base + "/config");
            assertEquals("exactly_once", config.path("mode").asText());
            assertEquals(100, config.path("interval").asLong());
            assertEquals(600_000, config.path("timeout").asLong());
            assertEquals(0, config.path("min_pause").asLong());
            assertEquals(1, config.path("max_concurrent").asInt());
            assertEquals(0, config.path("tolerable_failed_checkpoints").asInt());
            assertTrue(config.path("externalization").path("enabled").asBoolean(), config.toString());
            assertTrue(config.path("externalization").path("delete_on_cancellation").asBoolean(), config.toString());
            assertEquals(storage, config.path("checkpoint_storage").asText());
            assertEquals(1, config.path("num_retained").asInt());

            JsonNode latest = later.path("latest").path("completed");
            JsonNode details = rest.getJson(base + "/details/" + latest.path("id").asLong());
            assertEquals(latest.path("id").asLong(), details.path("id").asLong());
            assertEquals("COMPLETED", details.path("status").asText());
            JsonNode tasks = details.path("tasks");
            assertFalse(tasks.isEmpty(), "details list the job's vertices: " + details);
            int subtasks = 0;
            for (var it = tasks.fields(); it.hasNext(); ) {
                var e = it.next();
                JsonNode t = e.getValue();
                assertEquals(e.getKey(), t.path("id").asText());
                assertFalse(t.path("name").asText().isEmpty(), t.toString());
                assertEquals(2, t.path("num_subtasks").asInt(), t.toString());
                assertEquals(2, t.path("num_acknowledged_subtasks").asInt(), t.toString());
                for (String f : List.of("state_size", "max_sync_duration", "max_async_duration", "max_alignment_duration")) {
                    assertTrue(t.path(f).isNumber() && t.path(f).asLong() >= 0, f + " in " + t);
                }
                subtasks += t.path("num_subtasks").asInt();
            }
            assertEquals(details.path("num_subtasks").asInt(), subtasks, "the vertices add up to the checkpoint: " + details);

            RestClientException unknown = assertThrows(RestClientException.class, () -> rest.getJson(base + "/details/999999"));
            assertEquals(404, unknown.statusCode());
            assertTrue(unknown.getMessage().contains("checkpoint 999999 of job " + job.jobId() + " is not known: only the "
                    + "latest 10 checkpoints are kept"), unknown.getMessage());
            RestClientException notANumber = assertThrows(RestClientException.class, () -> rest.getJson(base + "/details/latest"));
            assertEquals(400, notANumber.statusCode());
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aTriggeredCheckpointCompletesAndShowsInTheHistoryAndAnEndedJobRefusesWith409() throws Exception {
        Path checkpoints = dir.resolve("checkpoints");
        StreamEnvironment.initializeContext(cluster, 2);
        JobClient job = checkpointedJob(checkpoints.toUri().toString()).executeAsync("triggered checkpoint");
        String base = "/jobs/" + job.jobId() + "/checkpoints";
        try {
            awaitStats(base, s -> s.path("counts").path("completed").asLong() >= 1);
            // with max 1 concurrent and a 100 ms interval a periodic checkpoint is usually in progress: the request waits
            for (int i = 0; i < 3; i++) {
                JsonNode answer = rest.postJson(base, null, JsonNode.class);
                long id = answer.path("checkpoint-id").asLong(-1);
                assertTrue(id >= 1, answer.toString());
                JsonNode stats = rest.getJson(base);
                JsonNode entry = find(stats.path("history"), id);
                assertNotNull(entry, "checkpoint " + id + " is in the history: " + stats.path("history"));
                assertEquals("COMPLETED", entry.path("status").asText());
                assertTrue(entry.path("external_path").asText().endsWith("chk-" + id), entry.toString());
                assertEquals("COMPLETED", rest.getJson(base + "/details/" + id).path("status").asText());
            }
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
        awaitEnded(job.jobId());
        RestClientException ended = assertThrows(RestClientException.class, () -> rest.postJson(base, null, JsonNode.class));
        assertEquals(409, ended.statusCode(), ended.getMessage());
        assertTrue(ended.getMessage().contains("only a running job takes checkpoints"), ended.getMessage());
        // an ended job still answers with what it had
        assertTrue(rest.getJson(base).path("counts").path("completed").asLong() >= 4);

        RestClientException unknownJob = assertThrows(RestClientException.class,
                () -> rest.getJson("/jobs/" + JobId.generate() + "/checkpoints"));
        assertEquals(404, unknownJob.statusCode());
    }

    @Test
    void aJobStartedFromARetainedCheckpointReportsTheRestore() throws Exception {
        Path checkpoints = dir.resolve("checkpoints");
        StreamEnvironment.initializeContext(cluster, 2);
        StreamEnvironment first = checkpointedJob(checkpoints.toUri().toString());
        first.getCheckpointConfig().setExternalizedCheckpointRetention(ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        JobClient job = first.executeAsync("retained");
        String path;
        long id;
        try {
            awaitStats("/jobs/" + job.jobId() + "/checkpoints", s -> s.path("counts").path("completed").asLong() >= 1);
            id = rest.postJson("/jobs/" + job.jobId() + "/checkpoints", null, JsonNode.class).path("checkpoint-id").asLong();
            job.cancel().get(30, TimeUnit.SECONDS);
            awaitEnded(job.jobId());
            JsonNode last = rest.getJson("/jobs/" + job.jobId() + "/checkpoints").path("latest").path("completed");
            assertTrue(last.path("id").asLong() >= id, last.toString());
            path = last.path("external_path").asText();
        } finally {
            job.cancel();
        }
        assertTrue(Files.exists(Path.of(java.net.URI.create(path)).resolve("_metadata")), "retained on cancellation: " + path);

        StreamEnvironment second = checkpointedJob(dir.resolve("checkpoints-2").toUri().toString());
        second.setJobConfiguration(CheckpointingOptions.RESTORE_PATH.key(), path);
        JobClient resumed = second.executeAsync("resumed");
        try {
            JsonNode stats = awaitStats("/jobs/" + resumed.jobId() + "/checkpoints",
                    s -> s.path("counts").path("restored").asLong() >= 1);
            JsonNode restored = stats.path("latest").path("restored");
            assertEquals(path, restored.path("external_path").asText());
            assertTrue(restored.path("id").asLong() >= id, restored.toString());
            assertFalse(restored.path("is_savepoint").asBoolean(true), restored.toString());
            assertTrue(restored.path("restore_timestamp").asLong() > 0, restored.toString());
            // its own checkpoints continue after the restored id, in its own directory
            JsonNode next = awaitStats("/jobs/" + resumed.jobId() + "/checkpoints",
                    s -> s.path("counts").path("completed").asLong() >= 1);
            assertTrue(next.path("latest").path("completed").path("id").asLong() > restored.path("id").asLong(), next.toString());
        } finally {
            resumed.cancel().get(30, TimeUnit.SECONDS);
            awaitEnded(resumed.jobId());
            // its checkpoints are deleted off the JobMaster's thread after the cancellation: let that finish
            Path ownDir = dir.resolve("checkpoints-2").resolve(resumed.jobId().toHexString());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (Files.exists(ownDir) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertFalse(Files.exists(ownDir), "a job cancelled with delete-on-cancellation deletes its checkpoints");
        }
    }

    @Test
    void aRestSubmissionWithAMissingOrCorruptCheckpointIsRefusedAndLeavesNoJob() throws Exception {
        StreamEnvironment.initializeContext(cluster, 2);
        Path missing = dir.resolve("no-such-checkpoint");
        RestClientException notThere = submitFrom(missing.toString());
        assertEquals(400, notThere.statusCode(), notThere.getMessage());
        assertTrue(notThere.getMessage().contains("cannot start from checkpoint '" + missing + "'"), notThere.getMessage());
        assertTrue(notThere.getMessage().contains("the path does not exist"), notThere.getMessage());

        Path corrupt = Files.createDirectories(dir.resolve("chk-3"));
        Files.writeString(corrupt.resolve("_metadata"), "not a checkpoint");
        RestClientException unreadable = submitFrom(corrupt.toString());
        assertEquals(400, unreadable.statusCode(), unreadable.getMessage());
        assertTrue(unreadable.getMessage().contains("not Sluice checkpoint metadata"), unreadable.getMessage());

        Path empty = Files.createDirectories(dir.resolve("chk-4"));
        RestClientException incomplete = submitFrom(empty.toString());
        assertEquals(400, incomplete.statusCode(), incomplete.getMessage());
        assertTrue(incomplete.getMessage().contains("has no _metadata"), incomplete.getMessage());
    }

    /** Submits a job with {@code execution.savepoint.path} through POST /jobs; expects the refusal and that no job is left. */
    private RestClientException submitFrom(String restorePath) throws Exception {
        JobGraph built = JobGraphGenerator.translate(checkpointedJob(dir.resolve("unused").toUri().toString()).getStreamGraph("refused"));
        Map<String, String> config = new HashMap<>(built.jobConfiguration());
        config.put(CheckpointingOptions.RESTORE_PATH.key(), restorePath);
        JobGraph graph = new JobGraph(built.jobId(), built.jobName(), built.vertices(), built.edges(), config);
        Path file = Files.write(dir.resolve("job-" + graph.jobId() + ".bin"), graph.toBytes());
        String request = RestMapper.get().writeValueAsString(Map.of("jobGraphFileName", "job.bin", "jobJarFileNames", List.of()));
        RestClientException refused = assertThrows(RestClientException.class, () -> rest.postMultipart("/jobs",
                Map.of("request", request), List.of(new RestClient.FilePart("jobgraph", "job.bin", file)), JsonNode.class));
        RestClientException gone = assertThrows(RestClientException.class, () -> rest.getJson("/jobs/" + graph.jobId()));
        assertEquals(404, gone.statusCode(), "no job is left of a refused submission");
        for (JsonNode j : rest.getJson("/jobs/overview").path("jobs")) {
            assertFalse(j.path("jid").asText().equals(graph.jobId().toHexString()), "listed: " + j);
        }
        return refused;
    }

    private static JsonNode find(JsonNode history, long id) {
        for (JsonNode e : history) {
            if (e.path("id").asLong() == id) {
                return e;
            }
        }
        return null;
    }

    private static JsonNode awaitStats(String path, Predicate<JsonNode> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = rest.getJson(path);
            if (condition.test(last)) {
                return last;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("condition not met within 60 s; last answer: " + last);
    }

    private static void awaitEnded(JobId id) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if ("COMPLETED".equals(rest.getJson("/jobs/" + id + "/execution-result").path("status").path("id").asText())) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("job " + id + " did not end");
    }

    /** What every answer of GET /jobs/:jobid/checkpoints must look like while the job checkpoints. */
    private static void assertShape(JsonNode s, Path jobDirectory) {
        JsonNode counts = s.path("counts");
        for (String f : List.of("restored", "total", "in_progress", "completed", "failed")) {
            assertTrue(counts.path(f).isNumber(), f + " in " + counts);
        }
        assertTrue(counts.path("total").asLong() >= counts.path("completed").asLong() + counts.path("failed").asLong(),
                counts.toString());
        assertEquals(0, counts.path("restored").asLong());
        JsonNode history = s.path("history");
        assertTrue(history.size() >= 1 && history.size() <= 10, "history of at most 10: " + history.size());
        List<Long> ids = new ArrayList<>();
        List<Long> sizes = new ArrayList<>();
        List<Long> durations = new ArrayList<>();
        for (JsonNode e : history) {
            ids.add(e.path("id").asLong());
            assertFalse(e.path("is_savepoint").asBoolean(true), e.toString());
            assertTrue(e.path("trigger_timestamp").asLong() > 0, e.toString());
            assertEquals(4, e.path("num_subtasks").asInt(), "two vertices of two subtasks: " + e);
            String status = e.path("status").asText();
            assertTrue(List.of("COMPLETED", "IN_PROGRESS", "FAILED").contains(status), e.toString());
            if (status.equals("COMPLETED")) {
                assertEquals(4, e.path("num_acknowledged_subtasks").asInt(), e.toString());
                assertTrue(e.path("latest_ack_timestamp").asLong() >= e.path("trigger_timestamp").asLong(), e.toString());
                assertTrue(e.path("end_to_end_duration").asLong() >= 0, e.toString());
                assertTrue(e.path("state_size").asLong() > 0, "keyed state was written: " + e);
                assertEquals(jobDirectory.resolve("chk-" + e.path("id").asLong()),
                        Path.of(java.net.URI.create(e.path("external_path").asText())), e.toString());
                sizes.add(e.path("state_size").asLong());
                durations.add(e.path("end_to_end_duration").asLong());
            } else if (status.equals("FAILED")) {
                assertFalse(e.path("failure_message").asText().isEmpty(), e.toString());
            }
        }
        List<Long> sorted = new ArrayList<>(ids);
        sorted.sort((a, b) -> Long.compare(b, a));
        assertEquals(sorted, ids, "newest first");

        JsonNode summary = s.path("summary");
        assertMinMaxAvg(summary.path("state_size"), sizes);
        assertMinMaxAvg(summary.path("end_to_end_duration"), durations);

        JsonNode latest = s.path("latest");
        assertTrue(latest.has("savepoint") && latest.path("savepoint").isNull(), latest.toString());
        assertTrue(latest.path("restored").isNull(), latest.toString());
        assertEquals("COMPLETED", latest.path("completed").path("status").asText(), latest.toString());
        assertTrue(latest.path("completed").path("id").asLong() >= history.get(history.size() - 1).path("id").asLong());
    }

    private static void assertMinMaxAvg(JsonNode stats, List<Long> values) {
        if (values.isEmpty()) {
            return; // only in-progress ones in the history at this moment
        }
        long min = values.stream().mapToLong(Long::longValue).min().orElseThrow();
        long max = values.stream().mapToLong(Long::longValue).max().orElseThrow();
        assertEquals(min, stats.path("min").asLong(), stats.toString());
        assertEquals(max, stats.path("max").asLong(), stats.toString());
        assertTrue(stats.path("avg").asLong() >= min && stats.path("avg").asLong() <= max, stats.toString());
    }
}
