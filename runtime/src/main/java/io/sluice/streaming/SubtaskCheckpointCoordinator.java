package io.sluice.streaming;

import io.sluice.api.common.JobId;
import io.sluice.checkpoint.CheckpointMetrics;
import io.sluice.checkpoint.CheckpointOptions;
import io.sluice.checkpoint.CheckpointOutputStream;
import io.sluice.checkpoint.KeyedStateHandle;
import io.sluice.checkpoint.OperatorSubtaskState;
import io.sluice.checkpoint.StateHandle;
import io.sluice.checkpoint.TaskStateSnapshot;
import io.sluice.config.Configuration;
import io.sluice.task.CheckpointResponder;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task's side of checkpoints. On the task thread, between two records: forward the barrier, take
 * the operators' synchronous snapshots (keyed state is only frozen, see
 * {@link io.sluice.state.KeyedStateSnapshot}). Then, on the task's checkpoint thread while records
 * flow again: write keyed state to the checkpoint's storage and acknowledge to the JobMaster with
 * the state handles, or decline with the reason.
 */
final class SubtaskCheckpointCoordinator implements CheckpointBarrierHandler.Target {

    private static final Logger LOG = LoggerFactory.getLogger(SubtaskCheckpointCoordinator.class);

    private final OperatorChain chain;
    private final String taskName;
    private final JobId jobId;
    private final int subtaskIndex;
    private final Configuration jobConfig;
    private final CheckpointResponder responder;
    /** Checkpoints being written, until acknowledged, declined or aborted. */
    private final Map<Long, List<OperatorChain.OperatorSnapshot>> running = new ConcurrentHashMap<>();
    private ExecutorService writer;
    private long lastCheckpointId = -1;

    SubtaskCheckpointCoordinator(OperatorChain chain, String taskName, JobId jobId, int subtaskIndex,
                                 Configuration jobConfig, CheckpointResponder responder) {
        this.chain = chain;
        this.taskName = taskName;
        this.jobId = jobId;
        this.subtaskIndex = subtaskIndex;
        this.jobConfig = jobConfig;
        this.responder = responder;
    }

    /** Task thread: takes checkpoint {@code checkpointId} now (a source between two batches, or after alignment). */
    @Override
    public void checkpointOnBarrier(long checkpointId, long timestamp, long alignmentNanos) throws Exception {
        if (checkpointId <= lastCheckpointId) {
            return; // a late trigger of a checkpoint this task already took or declined
        }
        lastCheckpointId = checkpointId;
        long start = System.nanoTime();
        chain.broadcastBarrier(checkpointId, timestamp);
        List<OperatorChain.OperatorSnapshot> snapshots;
        try {
            snapshots = chain.snapshotState(checkpointId, timestamp);
        } catch (OperatorException e) {
            // the checkpoint fails, not the task: the JobMaster counts it against the tolerable failures
            LOG.warn("{} could not take checkpoint {}: {}", taskName, checkpointId, e.getMessage());
            responder.decline(checkpointId, e.getMessage());
            return;
        }
        long syncMillis = (System.nanoTime() - start) / 1_000_000;
        CheckpointOptions options = CheckpointOptions.forCheckpoint(jobConfig, jobId, checkpointId);
        long alignmentMillis = alignmentNanos / 1_000_000;
        if (writer == null) {
            writer = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, taskName + " checkpoint writer");
                t.setDaemon(true);
                return t;
            });
        }
        running.put(checkpointId, snapshots);
        writer.execute(() -> write(checkpointId, snapshots, options, alignmentMillis, syncMillis));
    }

    /** Checkpoint thread: writes what the synchronous part froze, then acknowledges. */
    private void write(long checkpointId, List<OperatorChain.OperatorSnapshot> snapshots, CheckpointOptions options,
                       long alignmentMillis, long syncMillis) {
        long start = System.nanoTime();
        List<CheckpointOutputStream> streams = new ArrayList<>();
        try {
            Map<String, OperatorSubtaskState> states = new HashMap<>();
            for (OperatorChain.OperatorSnapshot snapshot : snapshots) {
                StateSnapshotContext state = snapshot.state();
                List<KeyedStateHandle> keyed = new ArrayList<>();
                if (state.keyedWriter() != null) {
                    CheckpointOutputStream stream = options.newStream(
                            snapshot.operatorId() + "-" + subtaskIndex + "-keyed");
                    streams.add(stream);
                    OutputStream out = new BufferedOutputStream(stream, 64 * 1024);
                    state.keyedWriter().writeTo(out);
                    out.flush();
                    StateHandle handle = stream.closeAndGetHandle();
                    keyed.add(new KeyedStateHandle(state.keyGroups(), handle));
                }
                OperatorSubtaskState operatorState = new OperatorSubtaskState(keyed, state.lists());
                if (!operatorState.isEmpty()) {
                    states.put(snapshot.operatorId(), operatorState);
                }
            }
            TaskStateSnapshot snapshot = new TaskStateSnapshot(states);
            if (running.remove(checkpointId) == null) {
                return; // aborted meanwhile
            }
            long asyncMillis = (System.nanoTime() - start) / 1_000_000;
            responder.acknowledge(checkpointId, snapshot,
                    new CheckpointMetrics(alignmentMillis, syncMillis, asyncMillis, snapshot.size()));
        } catch (Throwable t) {
            streams.forEach(CheckpointOutputStream::close);
            if (running.remove(checkpointId) != null) {
                LOG.warn("{} could not write checkpoint {}: {}", taskName, checkpointId, t.toString());
                responder.decline(checkpointId, "task " + taskName + " could not write its state: " + t);
            }
        }
    }

    /** Task thread: an alignment was given up; tell the JobMaster at once instead of letting the checkpoint time out. */
    @Override
    public void abortCheckpointOnBarrier(long checkpointId, String reason) {
        lastCheckpointId = Math.max(lastCheckpointId, checkpointId);
        responder.decline(checkpointId, reason);
    }

    /** Task thread: checkpoint {@code checkpointId} completed. */
    void notifyComplete(long checkpointId) throws Exception {
        chain.notifyCheckpointComplete(checkpointId);
    }

    /** Task thread: checkpoint {@code checkpointId} will not complete; stop writing it. */
    void notifyAborted(long checkpointId) throws Exception {
        cancelWrite(checkpointId);
        chain.notifyCheckpointAborted(checkpointId);
    }

    private void cancelWrite(long checkpointId) {
        List<OperatorChain.OperatorSnapshot> snapshots = running.remove(checkpointId);
        if (snapshots != null) {
            for (OperatorChain.OperatorSnapshot s : snapshots) {
                if (s.state().keyedWriter() != null) {
                    s.state().keyedWriter().cancel(); // the writer stops at its next key group
                }
            }
        }
    }

    /** The task ends: abandon checkpoints still being written. */
    void close() {
        for (Long id : List.copyOf(running.keySet())) {
            cancelWrite(id);
        }
        if (writer != null) {
            writer.shutdownNow();
        }
    }
}
