package io.sluice.checkpoint;

import io.sluice.checkpoint.CheckpointStatsSnapshot.Entry;
import io.sluice.checkpoint.CheckpointStatsSnapshot.Status;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/** Counts and remembers a job's checkpoints for REST and the web UI. JobMaster thread only. */
final class CheckpointStatsTracker {

    static final int HISTORY = CheckpointStatsSnapshot.HISTORY_SIZE;

    private final Deque<Entry> finished = new ArrayDeque<>();
    private long triggered;
    private long completed;
    private long failed;
    private long restored;
    private Entry latestCompleted;
    private Entry latestFailed;
    private CheckpointStatsSnapshot.Restored latestRestored;

    void reportTriggered() {
        triggered++;
    }

    void reportCompleted(PendingCheckpoint p, long endTimestamp) {
        completed++;
        latestCompleted = entry(p, Status.COMPLETED, endTimestamp, null);
        add(latestCompleted);
    }

    void reportFailed(PendingCheckpoint p, long endTimestamp, String reason) {
        failed++;
        latestFailed = entry(p, Status.FAILED, endTimestamp, reason);
        add(latestFailed);
    }

    /** A checkpoint that failed before it had tasks (no id from the counter, directory not writable). */
    void reportFailedBeforeTrigger(long id, long triggerTimestamp, long endTimestamp, String reason) {
        failed++;
        latestFailed = new Entry(id, Status.FAILED, triggerTimestamp, -1, endTimestamp, 0, 0, 0, null, reason, List.of());
        add(latestFailed);
    }

    void reportRestored(long id, long timestamp, String path) {
        restored++;
        latestRestored = new CheckpointStatsSnapshot.Restored(id, timestamp, path);
    }

    private void add(Entry e) {
        finished.addFirst(e);
        while (finished.size() > HISTORY) {
            finished.removeLast();
        }
    }

    static Entry entry(PendingCheckpoint p, Status status, long endTimestamp, String failure) {
        return new Entry(p.id, status, p.triggerTimestamp, p.latestAckTimestamp(), endTimestamp, p.stateSize(),
                p.plan.tasks().size(), p.numberOfAcknowledged(), status == Status.COMPLETED ? p.location : null, failure,
                p.vertexEntries());
    }

    CheckpointStatsSnapshot snapshot(CheckpointSettings settings, Collection<PendingCheckpoint> pending) {
        List<Entry> history = new ArrayList<>();
        pending.stream().sorted(Comparator.comparingLong((PendingCheckpoint p) -> p.id).reversed())
                .forEach(p -> history.add(entry(p, Status.IN_PROGRESS, -1, null)));
        history.addAll(finished);
        history.sort(Comparator.comparingLong(Entry::id).reversed());
        return new CheckpointStatsSnapshot(settings, triggered, pending.size(), completed, failed, restored,
                latestCompleted, latestFailed, latestRestored, List.copyOf(history.subList(0, Math.min(HISTORY, history.size()))));
    }
}
