package io.sluice.checkpoint;

import java.io.Serializable;
import java.util.List;

/**
 * What a job's checkpoints look like from outside (REST, web UI): counts, the latest of each kind and
 * a bounded history, newest first. Immutable; taken on the JobMaster's thread.
 */
public record CheckpointStatsSnapshot(CheckpointSettings settings, long triggered, int inProgress, long completed,
                                      long failed, long restored, Entry latestCompleted, Entry latestFailed,
                                      Restored latestRestored, List<Entry> history) implements Serializable {

    /** How many checkpoints the history keeps (newest first); details of older ones are gone. */
    public static final int HISTORY_SIZE = 10;

    public enum Status { IN_PROGRESS, COMPLETED, FAILED }

    /** One checkpoint, with its tasks' reports per job vertex. */
    public record Entry(long id, Status status, long triggerTimestamp, long latestAckTimestamp, long endTimestamp,
                        long stateSize, int numSubtasks, int numAcknowledged, String externalPath,
                        String failureMessage, List<VertexEntry> vertices) implements Serializable {

        public long endToEndDuration() {
            long end = endTimestamp > 0 ? endTimestamp : latestAckTimestamp;
            return end > 0 ? end - triggerTimestamp : -1;
        }
    }

    /** One job vertex's part of a checkpoint: the slowest subtask decides. */
    public record VertexEntry(String vertexId, String name, int numSubtasks, int numAcknowledged, long stateSize,
                              long maxSyncMillis, long maxAsyncMillis, long maxAlignmentMillis,
                              long latestAckTimestamp) implements Serializable {
    }

    /** The checkpoint the job last restored from, and when. */
    public record Restored(long id, long restoreTimestamp, String externalPath) implements Serializable {
    }

    public Entry find(long checkpointId) {
        for (Entry e : history) {
            if (e.id() == checkpointId) {
                return e;
            }
        }
        return null;
    }
}
