package io.sluice.checkpoint;

import io.sluice.api.checkpoint.ExternalizedCheckpointRetention;
import io.sluice.api.common.JobId;
import io.sluice.common.ExecutionAttemptId;
import io.sluice.common.JobStatus;
import io.sluice.config.HadoopClientDefaults;
import io.sluice.ha.CheckpointIdCounter;
import io.sluice.ha.CompletedCheckpoint;
import io.sluice.ha.CompletedCheckpointStore;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a job's checkpoints, in the JobMaster, on the JobMaster's main thread; everything that
 * blocks (ZooKeeper, the file system) runs on {@code io} and comes back by {@code mainThread}.
 *
 * <p>A checkpoint: an id from the {@link CheckpointIdCounter} (ZooKeeper with HA, so a later
 * JobManager never reuses one) and its directory, then a trigger to every source task; each task
 * acknowledges with its state handles once its barriers aligned and its state is written. When all
 * did, {@code _metadata} is written, the checkpoint goes into the {@link CompletedCheckpointStore},
 * and only then are older ones deleted and the tasks told to commit. A checkpoint that is declined,
 * times out or cannot be written is aborted (the tasks are told) and counted; more failures in a row
 * than {@code execution.checkpointing.tolerable-failed-checkpoints} fail the job.
 */
public final class CheckpointCoordinator {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointCoordinator.class);
    /** How often a requested checkpoint looks for a free slot while others are in progress. */
    private static final Duration REQUEST_RETRY = Duration.ofMillis(10);

    /** What the coordinator needs of the JobMaster; all calls on its main thread. */
    public interface JobAccess {
        /** The tasks of a checkpoint now; null with {@code reason} set when not every task is running. */
        CheckpointPlan currentPlan(StringBuilder reason);

        void trigger(ExecutionAttemptId source, long checkpointId, long timestamp);

        void notifyComplete(ExecutionAttemptId task, long checkpointId);

        void notifyAborted(ExecutionAttemptId task, long checkpointId);

        /** The checkpoint failures exceeded the tolerance. */
        void failJob(Throwable cause);
    }

    /** Runs a task on the JobMaster's main thread after a delay. */
    public interface Scheduler {
        void schedule(Runnable action, Duration delay);
    }

    private final String jobId;
    private final CheckpointSettings settings;
    private final CheckpointStorage storage;
    private final CompletedCheckpointStore store;
    private final CheckpointIdCounter counter;
    private final JobAccess job;
    private final Executor mainThread;
    private final Scheduler scheduler;
    private final Executor io;
    private final LongSupplier clock;

    private final TreeMap<Long, PendingCheckpoint> pending = new TreeMap<>();
    /** Completed checkpoints still kept, oldest first. */
    private final Deque<CheckpointMetadata> retained = new ArrayDeque<>();
    private final CheckpointStatsTracker stats = new CheckpointStatsTracker();
    private boolean periodicRunning;
    /** Invalidates scheduled periodic triggers and in-flight trigger set-ups of an earlier start. */
    private long generation;
    private boolean triggering;
    /** Requested checkpoints waiting for a slot; periodic triggers wait for them. */
    private int requestsWaiting;
    private long lastCompletion = Long.MIN_VALUE / 2;
    private long latestCompletedId = -1;
    private int consecutiveFailures;
    private boolean shutdown;
    /**
     * The checkpoint the job was started from ({@code -s}) when it had none of its own: another job's,
     * which this one never deletes (the user may start from it again). Written on the I/O thread.
     */
    private volatile String initialLocation;

    public CheckpointCoordinator(String jobId, CheckpointSettings settings, CheckpointStorage storage,
                                 CompletedCheckpointStore store, CheckpointIdCounter counter, JobAccess job,
                                 Executor mainThread, Scheduler scheduler, Executor io, LongSupplier clock) {
        this.jobId = jobId;
        this.settings = settings;
        this.storage = storage;
        this.store = store;
        this.counter = counter;
        this.job = job;
        this.mainThread = mainThread;
        this.scheduler = scheduler;
        this.io = io;
        this.clock = clock;
    }

    public CheckpointSettings settings() {
        return settings;
    }

    // ---- recovery ----

    /**
     * Reads the retained checkpoints (a new JobManager finds those of the one before it); with none and
     * an {@code initialPath} ({@code -s}), loads that one. Completes on the main thread.
     */
    public CompletableFuture<Void> recover(String initialPath) {
        return supplyIo(() -> {
            counter.start();
            List<CheckpointMetadata> found = new ArrayList<>();
            for (CompletedCheckpoint c : store.recover()) {
                try {
                    found.add(CheckpointMetadata.fromBytes(c.metadata()));
                } catch (IOException e) {
                    LOG.warn("Retained checkpoint {} of job {} cannot be read and is skipped: {}", c.checkpointId(),
                            jobId, e.getMessage());
                }
            }
            if (found.isEmpty() && initialPath != null) {
                CheckpointMetadata initial = CheckpointStorage.load(initialPath);
                initialLocation = initial.location();
                found.add(initial);
                if (counter.get() <= initial.checkpointId()) {
                    counter.setCount(initial.checkpointId() + 1);
                }
            }
            return found;
        }).thenAccept(found -> {
            retained.clear();
            retained.addAll(found);
            found.forEach(m -> latestCompletedId = Math.max(latestCompletedId, m.checkpointId()));
        });
    }

    /**
     * The checkpoint to restore from: the newest retained one whose files are all there. A corrupt or
     * incomplete newer one is reported (which, and why) and skipped. Empty when there is none.
     */
    public CompletableFuture<Optional<CheckpointMetadata>> chooseRestore() {
        List<CheckpointMetadata> candidates = new ArrayList<>(retained);
        return supplyIo(() -> {
            for (int i = candidates.size() - 1; i >= 0; i--) {
                CheckpointMetadata m = candidates.get(i);
                try {
                    CheckpointStorage.verifyFiles(m);
                    return Optional.of(m);
                } catch (IOException e) {
                    LOG.error("Job {} cannot restore checkpoint {} ({}); {}", jobId, m.checkpointId(), e.getMessage(),
                            i > 0 ? "falling back to checkpoint " + candidates.get(i - 1).checkpointId()
                                    : "no older checkpoint is retained");
                }
            }
            return Optional.<CheckpointMetadata>empty();
        });
    }

    /** The job (re)starts its tasks from {@code checkpoint}. */
    public void reportRestored(CheckpointMetadata checkpoint) {
        stats.reportRestored(checkpoint.checkpointId(), clock.getAsLong(), checkpoint.location());
        LOG.info("Job {} restores checkpoint {}{}", jobId, checkpoint.checkpointId(),
                checkpoint.location() == null ? "" : " from " + checkpoint.location());
    }

    // ---- triggering ----

    /** All tasks run: periodic checkpoints start (the first after one interval). */
    public void startPeriodic() {
        if (!settings.periodic() || periodicRunning || shutdown) {
            return;
        }
        periodicRunning = true;
        long gen = ++generation;
        scheduler.schedule(() -> periodicTick(gen), settings.interval());
    }

    /**
     * The job is failing, restarting or ending: no more triggers, and every pending checkpoint is
     * aborted without counting as a checkpoint failure.
     */
    public void stopAndAbortPending(String reason) {
        periodicRunning = false;
        generation++;
        for (PendingCheckpoint p : new ArrayList<>(pending.values())) {
            abort(p, reason, false);
        }
    }

    private void periodicTick(long gen) {
        if (gen != generation || !periodicRunning) {
            return;
        }
        long wait = delayBeforeNextTrigger();
        if (wait > 0) {
            scheduler.schedule(() -> periodicTick(gen), Duration.ofMillis(wait));
            return;
        }
        triggerCheckpoint().whenComplete((id, failure) -> { }); // failures are counted where they happen
        scheduler.schedule(() -> periodicTick(gen), settings.interval());
    }

    /** Millis until a new periodic checkpoint may start (max concurrent, min pause, requests first); 0 when it may now. */
    private long delayBeforeNextTrigger() {
        if (triggering || pending.size() >= settings.maxConcurrent() || requestsWaiting > 0) {
            return Math.max(50, settings.interval().toMillis() / 10);
        }
        long pauseLeft = lastCompletion + settings.minPause().toMillis() - clock.getAsLong();
        return Math.max(0, pauseLeft);
    }

    /**
     * A checkpoint a user asked for (REST, {@code sluice checkpoint}). Unlike a periodic one it does not
     * wait for the min pause, but it does wait, ahead of the periodic trigger, while other checkpoints
     * hold every slot ({@code max-concurrent-checkpoints}, 1 by default, so with short intervals there
     * nearly always is one), for at most the checkpoint timeout. A job that is not running fails it
     * at once. The future completes with the checkpoint's id once it completed.
     */
    public CompletableFuture<Long> triggerRequestedCheckpoint() {
        CompletableFuture<Long> result = new CompletableFuture<>();
        requestsWaiting++;
        triggerWhenSlotFree(result, clock.getAsLong() + settings.timeout().toMillis());
        return result;
    }

    private void triggerWhenSlotFree(CompletableFuture<Long> result, long deadline) {
        boolean busy = triggering || pending.size() >= settings.maxConcurrent();
        if (busy && !shutdown && clock.getAsLong() < deadline && job.currentPlan(new StringBuilder()) != null) {
            scheduler.schedule(() -> triggerWhenSlotFree(result, deadline), REQUEST_RETRY);
            return;
        }
        requestsWaiting--;
        // not busy: starts now; otherwise fails with the reason (shut down, job not running, still busy)
        triggerCheckpoint().whenComplete((id, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure);
            } else {
                result.complete(id);
            }
        });
    }

    /**
     * Starts a checkpoint now (periodic or by request). The future completes with its id once it
     * completed, or fails with the reason it did not start or complete.
     */
    public CompletableFuture<Long> triggerCheckpoint() {
        if (shutdown) {
            return CompletableFuture.failedFuture(new CheckpointNotStartedException("the job's checkpointing is shut down"));
        }
        StringBuilder reason = new StringBuilder();
        CheckpointPlan plan = job.currentPlan(reason);
        if (plan == null) {
            return CompletableFuture.failedFuture(new CheckpointNotStartedException("checkpoint not started: " + reason));
        }
        if (triggering || pending.size() >= settings.maxConcurrent()) {
            return CompletableFuture.failedFuture(new CheckpointNotStartedException("checkpoint not started: "
                    + (pending.size() + (triggering ? 1 : 0)) + " in progress, the most allowed is "
                    + settings.maxConcurrent() + " (execution.checkpointing.max-concurrent-checkpoints)"));
        }
        triggering = true;
        long gen = generation;
        long timestamp = clock.getAsLong();
        stats.reportTriggered();
        CompletableFuture<Long> result = new CompletableFuture<>();
        long[] idHolder = {-1};
        supplyIo(() -> {
            long id = counter.getAndIncrement();
            idHolder[0] = id;
            return new Object[] {id, storage.initialize(id)};
        }).whenComplete((started, failure) -> {
            triggering = false;
            if (failure != null) {
                Throwable cause = unwrap(failure);
                String message = "checkpoint " + (idHolder[0] < 0 ? "" : idHolder[0] + " ") + "of job " + jobId
                        + " could not start: " + cause.getMessage();
                stats.reportFailedBeforeTrigger(idHolder[0], timestamp, clock.getAsLong(), message);
                result.completeExceptionally(new IOException(message, cause));
                if (gen == generation) {
                    countFailure(message);
                } // else the job failed or restarted meanwhile: a failure of its earlier run must not fail it again
                return;
            }
            long id = (Long) started[0];
            String location = (String) started[1];
            CheckpointPlan now = job.currentPlan(new StringBuilder());
            if (gen != generation || shutdown || now == null) {
                // the job failed or restarted while the id was fetched
                result.completeExceptionally(new CheckpointNotStartedException("checkpoint " + id
                        + " was not started: the job's tasks changed meanwhile"));
                if (!shutdown) { // after a shutdown its cleanup covers the directory
                    runIo(() -> discard(location)); // deleting blocks: not on the main thread
                }
                return;
            }
            PendingCheckpoint p = new PendingCheckpoint(id, timestamp, location, now);
            pending.put(id, p);
            p.completion.whenComplete((ok, e) -> {
                if (e != null) {
                    result.completeExceptionally(e);
                } else {
                    result.complete(ok);
                }
            });
            scheduler.schedule(() -> {
                if (pending.get(id) == p) {
                    abort(p, "checkpoint " + id + " expired before it completed (execution.checkpointing.timeout "
                            + settings.timeout().toMillis() + " ms)", true);
                }
            }, settings.timeout());
            LOG.debug("Triggering checkpoint {} of job {} at {}", id, jobId, location);
            for (ExecutionAttemptId source : now.sources()) {
                job.trigger(source, id, timestamp);
            }
        });
        return result;
    }

    // ---- acknowledgements ----

    public void acknowledge(ExecutionAttemptId attempt, long checkpointId, TaskStateSnapshot state,
                            CheckpointMetrics metrics) {
        PendingCheckpoint p = pending.get(checkpointId);
        if (p == null) {
            discardLateState(checkpointId, state);
            return;
        }
        if (p.acknowledge(attempt, state, metrics, clock.getAsLong()) != PendingCheckpoint.AckResult.ACCEPTED) {
            return;
        }
        if (p.isFullyAcknowledged()) {
            finalizeCheckpoint(p);
        }
    }

    public void decline(ExecutionAttemptId attempt, long checkpointId, String reason) {
        decline(attempt, checkpointId, reason, true);
    }

    /**
     * @param countsAsFailure false when the task was not ready (still starting, or ending): like a
     *                        trigger that finds a task not running, that is no checkpoint failure
     */
    public void decline(ExecutionAttemptId attempt, long checkpointId, String reason, boolean countsAsFailure) {
        PendingCheckpoint p = pending.get(checkpointId);
        if (p != null && p.expects(attempt)) {
            abort(p, "checkpoint " + checkpointId + " was declined: " + reason, countsAsFailure);
        }
    }

    private void finalizeCheckpoint(PendingCheckpoint p) {
        pending.remove(p.id);
        if (p.id < latestCompletedId) {
            abort(p, "checkpoint " + p.id + " was subsumed by checkpoint " + latestCompletedId, false);
            return;
        }
        long gen = generation;
        long completionTime = clock.getAsLong();
        CheckpointMetadata metadata = p.toMetadata(jobId, completionTime);
        supplyIo(() -> {
            storage.writeMetadata(metadata);
            store.addCheckpoint(new CompletedCheckpoint(JobId.fromHexString(jobId), p.id,
                    completionTime, metadata.toBytes()));
            return metadata;
        }).whenComplete((done, failure) -> {
            if (failure != null) {
                String message = "checkpoint " + p.id + " of job " + jobId + " could not be completed: "
                        + unwrap(failure).getMessage();
                stats.reportFailed(p, clock.getAsLong(), message);
                p.completion.completeExceptionally(new IOException(message, unwrap(failure)));
                notifyAborted(p);
                if (!shutdown) { // after a shutdown the I/O executor may be gone; its cleanup covers the directory
                    runIo(() -> discard(p.location)); // deleting blocks: not on the main thread
                }
                if (gen == generation) {
                    countFailure(message);
                } // else the job failed or restarted while the metadata was written: not counted again
                return;
            }
            completed(p, metadata);
        });
    }

    private void completed(PendingCheckpoint p, CheckpointMetadata metadata) {
        if (shutdown) {
            // finalized while the job ended: the end's clean-up (queued after it) deletes it with the job's directory
            p.completion.completeExceptionally(new IllegalStateException("the job ended"));
            return;
        }
        latestCompletedId = Math.max(latestCompletedId, p.id);
        lastCompletion = clock.getAsLong();
        consecutiveFailures = 0;
        retained.addLast(metadata);
        List<String> subsumed = new ArrayList<>();
        while (retained.size() > settings.numRetained()) {
            subsumed.add(retained.removeFirst().location());
        }
        if (!subsumed.isEmpty()) {
            runIo(() -> subsumed.forEach(this::discard));
        }
        for (PendingCheckpoint older : new ArrayList<>(pending.headMap(p.id).values())) {
            abort(older, "checkpoint " + older.id + " was subsumed by checkpoint " + p.id, false);
        }
        stats.reportCompleted(p, lastCompletion);
        LOG.info("Completed checkpoint {} of job {} ({} bytes, {} ms){}", p.id, jobId, p.stateSize(),
                lastCompletion - p.triggerTimestamp, p.location == null ? "" : " at " + p.location);
        for (ExecutionAttemptId task : p.plan.tasks().keySet()) {
            job.notifyComplete(task, p.id);
        }
        p.completion.complete(p.id);
    }

    private void abort(PendingCheckpoint p, String reason, boolean countsAsFailure) {
        pending.remove(p.id);
        stats.reportFailed(p, clock.getAsLong(), reason);
        if (countsAsFailure) {
            LOG.warn("Checkpoint {} of job {} failed: {}", p.id, jobId, reason);
        } else {
            LOG.info("Checkpoint {} of job {} aborted: {}", p.id, jobId, reason);
        }
        notifyAborted(p);
        String location = p.location;
        runIo(() -> discard(location));
        p.completion.completeExceptionally(new IllegalStateException(reason));
        if (countsAsFailure) {
            countFailure(reason);
        }
    }

    private void notifyAborted(PendingCheckpoint p) {
        for (ExecutionAttemptId task : p.plan.tasks().keySet()) {
            job.notifyAborted(task, p.id);
        }
    }

    private void countFailure(String reason) {
        if (shutdown) {
            return;
        }
        consecutiveFailures++;
        if (consecutiveFailures > settings.tolerableFailures()) {
            int failures = consecutiveFailures;
            consecutiveFailures = 0;
            job.failJob(new CheckpointFailureException("job " + jobId + " exceeded its tolerance of "
                    + settings.tolerableFailures() + " failed checkpoint(s) in a row "
                    + "(execution.checkpointing.tolerable-failed-checkpoints) with " + failures + "; the last: " + reason));
        }
    }

    /** State a task sent for a checkpoint that is no longer pending: its files would otherwise stay. */
    private void discardLateState(long checkpointId, TaskStateSnapshot state) {
        if (checkpointId <= latestCompletedId && retained.stream().anyMatch(m -> m.checkpointId() == checkpointId)) {
            return;
        }
        List<String> files = new ArrayList<>();
        state.operators().values().forEach(s -> s.keyed().forEach(k -> {
            if (k.data() instanceof StateHandle.File f) {
                files.add(f.path());
            }
        }));
        if (!files.isEmpty()) {
            runIo(() -> files.forEach(CheckpointCoordinator::deleteFileQuietly));
        }
    }

    // ---- end ----

    /**
     * The job reached a terminal state (or this JobMaster lost leadership: {@code status} not globally
     * terminal), and nothing is triggered any more. A finished job deletes its checkpoints; a cancelled
     * one as the retention policy says; a failed one keeps them (to resume with {@code -s}); a suspended
     * one keeps everything for the next leader. Completes when the deletions are done.
     */
    public CompletableFuture<Void> shutdown(JobStatus status) {
        stopAndAbortPending("the job is " + status);
        shutdown = true;
        List<CheckpointMetadata> kept = new ArrayList<>(retained);
        boolean deleteCheckpoints = status == JobStatus.FINISHED
                || (status == JobStatus.CANCELED && settings.retention() == ExternalizedCheckpointRetention.DELETE_ON_CANCELLATION);

        return CompletableFuture.runAsync(() -> {
            try {
                if (status.isGloballyTerminal()) {
                    store.shutdown(status);
                    counter.shutdown(status);
                }
                if (deleteCheckpoints) {
                    kept.forEach(m -> discard(m.location()));
                    // also what the list does not know: a checkpoint whose directory was being set up or
                    // whose metadata was being written when the job ended (this runs after that I/O)
                    storage.deleteAllCheckpoints();
                } else if (status.isGloballyTerminal() && !kept.isEmpty() && storage.isDurable()) {
                    LOG.info("Job {} ended {}; its checkpoint {} is kept at {} (resume with 'sluice run -s {}')", jobId,
                            status, kept.get(kept.size() - 1).checkpointId(), kept.get(kept.size() - 1).location(),
                            kept.get(kept.size() - 1).location());
                }
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, io);
    }

    // ---- queries ----

    public CheckpointStatsSnapshot stats() {
        return stats.snapshot(settings, pending.values());
    }

    public int numberOfPending() {
        return pending.size();
    }

    public long latestCompletedId() {
        return latestCompletedId;
    }

    public List<CheckpointMetadata> retained() {
        return List.copyOf(retained);
    }

    // ---- helpers ----

    @FunctionalInterface
    private interface IoAction<T> {
        T run() throws Exception;
    }

    /** Runs {@code action} on the I/O executor; the returned future completes on the main thread. */
    private <T> CompletableFuture<T> supplyIo(IoAction<T> action) {
        CompletableFuture<T> onMain = new CompletableFuture<>();
        io.execute(() -> {
            T value;
            try {
                value = action.run();
            } catch (Throwable t) {
                mainThread.execute(() -> onMain.completeExceptionally(t));
                return;
            }
            mainThread.execute(() -> onMain.complete(value));
        });
        return onMain;
    }

    /** Clean-up on the I/O thread; after the JobMaster stopped it is skipped (the job's end deleted what it had to). */
    private void runIo(Runnable cleanup) {
        try {
            io.execute(cleanup);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("Checkpoint clean-up of job {} skipped: the JobMaster has stopped", jobId);
        }
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    /** Deletes a checkpoint's directory, unless it is the one the job was started from. Blocks. */
    private void discard(String location) {
        if (location != null && location.equals(initialLocation)) {
            LOG.debug("Job {} keeps {}: it was started from it", jobId, location);
            return;
        }
        discardQuietly(location);
    }

    private static void discardQuietly(String location) {
        try {
            CheckpointStorage.discard(location);
        } catch (IOException e) {
            LOG.warn("Could not delete checkpoint directory {}: {}", location, e.toString());
        }
    }

    private static void deleteFileQuietly(String path) {
        try {
            org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
            p.getFileSystem(HadoopClientDefaults.create()).delete(p, false);
        } catch (IOException e) {
            LOG.warn("Could not delete state file {}: {}", path, e.toString());
        }
    }

    /** Checkpoints failed more often in a row than the job tolerates. */
    public static final class CheckpointFailureException extends Exception {
        private static final long serialVersionUID = 1L;

        public CheckpointFailureException(String message) {
            super(message);
        }
    }
}
