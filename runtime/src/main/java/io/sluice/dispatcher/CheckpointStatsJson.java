package io.sluice.dispatcher;

import io.sluice.checkpoint.CheckpointSettings;
import io.sluice.checkpoint.CheckpointStatsSnapshot;
import io.sluice.checkpoint.CheckpointStatsSnapshot.Entry;
import io.sluice.checkpoint.CheckpointStatsSnapshot.Restored;
import io.sluice.checkpoint.CheckpointStatsSnapshot.Status;
import io.sluice.checkpoint.CheckpointStatsSnapshot.VertexEntry;
import io.sluice.api.checkpoint.CheckpointingMode;
import io.sluice.api.checkpoint.ExternalizedCheckpointRetention;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * The JSON shapes of {@code /jobs/:jobid/checkpoints[/config|/details/:id]}: Flink's field names
 * (snake_case, epoch milliseconds, sizes in bytes), so monitoring written for Flink reads them.
 * Sluice has no savepoints: {@code is_savepoint} is always false and {@code latest.savepoint} null.
 */
final class CheckpointStatsJson {

    /** What Flink reports as the interval of a job without periodic checkpoints. */
    static final long NO_INTERVAL = Long.MAX_VALUE;
    static final String MEMORY_STORAGE = "JobManager memory (lost with the JobManager)";

    private CheckpointStatsJson() {}

    /** Counts, summary, latest and history; a job without statistics yet (null) gets the empty shape. */
    static Map<String, Object> stats(CheckpointStatsSnapshot s) {
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("restored", s == null ? 0 : s.restored());
        counts.put("total", s == null ? 0 : s.triggered());
        counts.put("in_progress", s == null ? 0 : s.inProgress());
        counts.put("completed", s == null ? 0 : s.completed());
        counts.put("failed", s == null ? 0 : s.failed());

        List<Entry> history = s == null ? List.of() : s.history();
        List<Entry> completed = history.stream().filter(e -> e.status() == Status.COMPLETED).toList();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("state_size", minMaxAvg(completed, Entry::stateSize));
        summary.put("end_to_end_duration", minMaxAvg(completed, Entry::endToEndDuration));

        Map<String, Object> latest = new LinkedHashMap<>();
        latest.put("completed", s == null || s.latestCompleted() == null ? null : entry(s.latestCompleted()));
        latest.put("savepoint", null);
        latest.put("failed", s == null || s.latestFailed() == null ? null : entry(s.latestFailed()));
        latest.put("restored", s == null || s.latestRestored() == null ? null : restored(s.latestRestored()));

        List<Map<String, Object>> entries = new ArrayList<>();
        history.forEach(e -> entries.add(entry(e)));

        Map<String, Object> m = new LinkedHashMap<>();
        m.put("counts", counts);
        m.put("summary", summary);
        m.put("latest", latest);
        m.put("history", entries);
        return m;
    }

    /** Min, max and average over the completed checkpoints in the history; zeros when there is none. */
    private static Map<String, Object> minMaxAvg(List<Entry> entries, ToLongFunction<Entry> value) {
        LongSummaryStatistics stats = entries.stream().mapToLong(value).summaryStatistics();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("min", stats.getCount() == 0 ? 0 : stats.getMin());
        m.put("max", stats.getCount() == 0 ? 0 : stats.getMax());
        m.put("avg", stats.getCount() == 0 ? 0 : Math.round(stats.getAverage()));
        return m;
    }

    static Map<String, Object> entry(Entry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("status", e.status().name());
        m.put("is_savepoint", false);
        m.put("checkpoint_type", "CHECKPOINT");
        m.put("trigger_timestamp", e.triggerTimestamp());
        m.put("latest_ack_timestamp", e.latestAckTimestamp());
        m.put("state_size", e.stateSize());
        m.put("end_to_end_duration", e.endToEndDuration());
        m.put("num_subtasks", e.numSubtasks());
        m.put("num_acknowledged_subtasks", e.numAcknowledged());
        m.put("external_path", e.externalPath());
        if (e.status() == Status.FAILED) {
            m.put("failure_timestamp", e.endTimestamp());
            m.put("failure_message", e.failureMessage());
        }
        return m;
    }

    /** One checkpoint with its tasks, keyed by job vertex id as in Flink; each task says its id and name too. */
    static Map<String, Object> details(Entry e) {
        Map<String, Object> m = entry(e);
        Map<String, Object> tasks = new LinkedHashMap<>();
        for (VertexEntry v : e.vertices()) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("id", v.vertexId());
            t.put("name", v.name());
            t.put("latest_ack_timestamp", v.latestAckTimestamp());
            t.put("state_size", v.stateSize());
            t.put("end_to_end_duration", v.latestAckTimestamp() > 0 ? v.latestAckTimestamp() - e.triggerTimestamp() : -1);
            t.put("num_subtasks", v.numSubtasks());
            t.put("num_acknowledged_subtasks", v.numAcknowledged());
            t.put("max_sync_duration", v.maxSyncMillis());
            t.put("max_async_duration", v.maxAsyncMillis());
            t.put("max_alignment_duration", v.maxAlignmentMillis());
            tasks.put(v.vertexId(), t);
        }
        m.put("tasks", tasks);
        return m;
    }

    private static Map<String, Object> restored(Restored r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("restore_timestamp", r.restoreTimestamp());
        m.put("is_savepoint", false);
        m.put("external_path", r.externalPath());
        return m;
    }

    /** The job's effective checkpoint settings; durations in milliseconds. */
    static Map<String, Object> config(CheckpointSettings s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", s.mode() == CheckpointingMode.EXACTLY_ONCE ? "exactly_once" : "at_least_once");
        m.put("interval", s.periodic() ? s.interval().toMillis() : NO_INTERVAL);
        m.put("timeout", s.timeout().toMillis());
        m.put("min_pause", s.minPause().toMillis());
        m.put("max_concurrent", s.maxConcurrent());
        m.put("tolerable_failed_checkpoints", s.tolerableFailures());
        Map<String, Object> externalization = new LinkedHashMap<>();
        // checkpoints outlive the job (a failed one always, a cancelled one as retention says) only in a directory
        externalization.put("enabled", s.directory() != null);
        externalization.put("delete_on_cancellation", s.retention() == ExternalizedCheckpointRetention.DELETE_ON_CANCELLATION);
        m.put("externalization", externalization);
        m.put("checkpoint_storage", s.directory() != null ? s.directory() : MEMORY_STORAGE);
        m.put("num_retained", s.numRetained());
        return m;
    }
}
