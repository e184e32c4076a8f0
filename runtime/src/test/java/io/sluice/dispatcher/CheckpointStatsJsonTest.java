package io.sluice.dispatcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.checkpoint.CheckpointSettings;
import io.sluice.checkpoint.CheckpointStatsSnapshot;
import io.sluice.checkpoint.CheckpointStatsSnapshot.Entry;
import io.sluice.checkpoint.CheckpointStatsSnapshot.Restored;
import io.sluice.checkpoint.CheckpointStatsSnapshot.Status;
import io.sluice.checkpoint.CheckpointStatsSnapshot.VertexEntry;
import io.sluice.api.checkpoint.CheckpointingMode;
import io.sluice.api.checkpoint.ExternalizedCheckpointRetention;
import io.sluice.rest.RestMapper;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JSON of the checkpoint endpoints, from snapshots made up to cover every case. */
class CheckpointStatsJsonTest {

    private static final CheckpointSettings SETTINGS = new CheckpointSettings(Duration.ofSeconds(5),
            CheckpointingMode.EXACTLY_ONCE, Duration.ofMinutes(10), Duration.ofMillis(500), 2, 3, "hdfs:///ckpt", 2,
            ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);

    private static JsonNode json(Object o) {
        return RestMapper.get().valueToTree(o);
    }

    private static Entry completed(long id, long trigger, long end, long size) {
        return new Entry(id, Status.COMPLETED, trigger, end, end, size, 4, 4, "hdfs:///ckpt/j/chk-" + id, null,
                List.of(new VertexEntry("v1", "Source", 2, 2, size / 2, 3, 7, 0, end - 5),
                        new VertexEntry("v2", "Count", 2, 2, size / 2, 1, 9, 2, end)));
    }

    @Test
    void statisticsHaveFlinksShapeAndTheSummaryCoversTheCompletedOnes() {
        Entry failed = new Entry(5, Status.FAILED, 1_000, -1, 1_400, 0, 4, 1, null, "checkpoint 5 expired", List.of());
        Entry inProgress = new Entry(6, Status.IN_PROGRESS, 2_000, 2_010, -1, 10, 4, 1, null, null, List.of());
        Entry newest = completed(4, 900, 950, 100);
        Entry older = completed(3, 700, 850, 300);
        CheckpointStatsSnapshot snapshot = new CheckpointStatsSnapshot(SETTINGS, 6, 1, 4, 1, 1, newest, failed,
                new Restored(2, 500, "hdfs:///ckpt/j/chk-2"), List.of(inProgress, failed, newest, older));

        JsonNode s = json(CheckpointStatsJson.stats(snapshot));
        assertEquals("{\"restored\":1,\"total\":6,\"in_progress\":1,\"completed\":4,\"failed\":1}", s.path("counts").toString());
        assertEquals("{\"min\":100,\"max\":300,\"avg\":200}", s.path("summary").path("state_size").toString());
        assertEquals("{\"min\":50,\"max\":150,\"avg\":100}", s.path("summary").path("end_to_end_duration").toString());

        JsonNode latest = s.path("latest");
        assertTrue(latest.has("savepoint") && latest.path("savepoint").isNull());
        assertEquals(4, latest.path("completed").path("id").asLong());
        assertEquals("hdfs:///ckpt/j/chk-4", latest.path("completed").path("external_path").asText());
        assertFalse(latest.path("completed").has("failure_message"), "only failed ones say why");
        assertEquals("checkpoint 5 expired", latest.path("failed").path("failure_message").asText());
        assertEquals(1_400, latest.path("failed").path("failure_timestamp").asLong());
        assertEquals("{\"id\":2,\"restore_timestamp\":500,\"is_savepoint\":false,\"external_path\":\"hdfs:///ckpt/j/chk-2\"}",
                latest.path("restored").toString());

        JsonNode history = s.path("history");
        assertEquals(4, history.size());
        assertEquals("IN_PROGRESS", history.get(0).path("status").asText());
        assertEquals(10, history.get(0).path("end_to_end_duration").asLong(), "in progress: up to its latest ack");
        assertEquals(-1, history.get(1).path("latest_ack_timestamp").asLong(), "failed before any ack");
        JsonNode entry = history.get(2);
        for (String field : List.of("id", "status", "is_savepoint", "trigger_timestamp", "latest_ack_timestamp", "state_size",
                "end_to_end_duration", "num_subtasks", "num_acknowledged_subtasks", "external_path")) {
            assertTrue(entry.has(field), field + " in " + entry);
        }
        assertFalse(entry.path("is_savepoint").asBoolean(true));
        assertFalse(entry.has("tasks"), "the per-vertex breakdown is only in the details");
    }

    @Test
    void aJobWithoutStatisticsYetGetsTheEmptyShape() {
        JsonNode s = json(CheckpointStatsJson.stats(null));
        assertEquals("{\"restored\":0,\"total\":0,\"in_progress\":0,\"completed\":0,\"failed\":0}", s.path("counts").toString());
        assertEquals("{\"min\":0,\"max\":0,\"avg\":0}", s.path("summary").path("state_size").toString());
        assertEquals("{\"completed\":null,\"savepoint\":null,\"failed\":null,\"restored\":null}", s.path("latest").toString());
        assertEquals("[]", s.path("history").toString());
    }

    @Test
    void detailsBreakACheckpointDownByVertex() {
        JsonNode d = json(CheckpointStatsJson.details(completed(4, 900, 950, 100)));
        assertEquals(4, d.path("id").asLong());
        JsonNode count = d.path("tasks").path("v2");
        assertEquals("{\"id\":\"v2\",\"name\":\"Count\",\"latest_ack_timestamp\":950,\"state_size\":50,"
                + "\"end_to_end_duration\":50,\"num_subtasks\":2,\"num_acknowledged_subtasks\":2,\"max_sync_duration\":1,"
                + "\"max_async_duration\":9,\"max_alignment_duration\":2}", count.toString());
        assertEquals(45, d.path("tasks").path("v1").path("end_to_end_duration").asLong());
    }

    @Test
    void configurationInMilliseconds() {
        JsonNode c = json(CheckpointStatsJson.config(SETTINGS));
        assertEquals("{\"mode\":\"exactly_once\",\"interval\":5000,\"timeout\":600000,\"min_pause\":500,\"max_concurrent\":2,"
                + "\"tolerable_failed_checkpoints\":3,\"externalization\":{\"enabled\":true,\"delete_on_cancellation\":false},"
                + "\"checkpoint_storage\":\"hdfs:///ckpt\",\"num_retained\":2}", c.toString());

        JsonNode off = json(CheckpointStatsJson.config(new CheckpointSettings(null, CheckpointingMode.AT_LEAST_ONCE,
                Duration.ofMinutes(10), Duration.ZERO, 1, 0, null, 1, ExternalizedCheckpointRetention.DELETE_ON_CANCELLATION)));
        assertEquals(Long.MAX_VALUE, off.path("interval").asLong(), "Flink's value for no periodic checkpoints");
        assertEquals("at_least_once", off.path("mode").asText());
        assertEquals("JobManager memory (lost with the JobManager)", off.path("checkpoint_storage").asText());
        assertFalse(off.path("externalization").path("enabled").asBoolean(true));
        assertTrue(off.path("externalization").path("delete_on_cancellation").asBoolean());
    }
}
