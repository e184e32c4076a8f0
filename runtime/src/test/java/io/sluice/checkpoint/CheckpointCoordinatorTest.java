package io.sluice.checkpoint;

import static io.sluice.checkpoint.CoordinatorTestHarness.positionIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.common.JobId;
import io.sluice.checkpoint.CoordinatorTestHarness.Notice;
import io.sluice.common.ExecutionAttemptId;
import io.sluice.common.JobStatus;
import io.sluice.ha.CheckpointIdCounter;
import io.sluice.ha.CompletedCheckpoint;
import io.sluice.ha.CompletedCheckpointStore;
import io.sluice.ha.StandaloneHighAvailabilityServices;
import io.sluice.state.KeyGroupRange;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JobMaster's checkpoint coordinator on manual threads and a manual clock, with the standalone
 * in-memory checkpoint store and id counter and checkpoints on the local file system.
 */
class CheckpointCoordinatorTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    private final JobId jobId = JobId.generate();
    private final StandaloneHighAvailabilityServices ha = new StandaloneHighAvailabilityServices(null);

    private String checkpointDir() {
        return tmp.resolve("checkpoints").toUri().toString();
    }

    private Path chk(long id) {
        return tmp.resolve("checkpoints").resolve(jobId.toHexString()).resolve("chk-" + id);
    }

    private CoordinatorTestHarness harness(String dir, int maxConcurrent, int tolerable, int numRetained) {
        return harness(CoordinatorTestHarness.settings(dir, maxConcurrent, tolerable, numRetained, null, Duration.ZERO),
                ha.completedCheckpointStore(jobId, numRetained), ha.checkpointIdCounter(jobId));
    }

    private CoordinatorTestHarness harness(CheckpointSettings settings, CompletedCheckpointStore store,
                                           CheckpointIdCounter counter) {
        CoordinatorTestHarness h = new CoordinatorTestHarness(jobId.toHexString(), settings, store, counter);
        h.coordinator.recover(null);
        h.drain();
        return h;
    }

    /** Triggers a checkpoint and lets every task acknowledge it; returns its id. */
    private static long complete(CoordinatorTestHarness h) throws Exception {
        CompletableFuture<Long> done = h.coordinator.triggerCheckpoint();
        h.drain();
        long id = h.job.triggers.get(h.job.triggers.size() - 1).checkpointId();
        h.ackAll(id);
        h.drain();
        assertEquals(id, done.get());
        return id;
    }

    private static Throwable failureOf(CompletableFuture<?> future) {
        assertTrue(future.isCompletedExceptionally(), "the future failed");
        try {
            future.get();
            throw new AssertionError("not failed");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    // ---- the path of a successful checkpoint ----

    @Test
    void acknowledgedCheckpointIsWrittenStoredAndCommittedBeforeTheOlderOneIsDeleted() throws Exception {
        CompletedCheckpointStore inMemory = ha.completedCheckpointStore(jobId, 1);
        // whether the previous checkpoint's directory was still there when the store took the next one
        List<Boolean> previousPresentAtAdd = new ArrayList<>();
        CompletedCheckpointStore recording = new CompletedCheckpointStore() {
            @Override
            public void addCheckpoint(CompletedCheckpoint checkpoint) throws Exception {
                previousPresentAtAdd.add(Files.isDirectory(chk(checkpoint.checkpointId() - 1)));
                inMemory.addCheckpoint(checkpoint);
            }

            @Override
            public List<CompletedCheckpoint> recover() throws Exception {
                return inMemory.recover();
            }

            @Override
            public Optional<CompletedCheckpoint> latest() throws Exception {
                return inMemory.latest();
            }

            @Override
            public int maxRetained() {
                return 1;
            }

            @Override
            public void shutdown(JobStatus jobStatus) throws Exception {
                inMemory.shutdown(jobStatus);
            }
        };
        CoordinatorTestHarness h = harness(CoordinatorTestHarness.settings(checkpointDir(), 1, 0, 1, null, Duration.ZERO),
                recording, ha.checkpointIdCounter(jobId));

        CompletableFuture<Long> first = h.coordinator.triggerCheckpoint();
        h.drain();
        assertEquals(List.of(new Notice(h.source, 1)), h.job.triggers, "only the source is triggered");
        assertTrue(Files.isDirectory(chk(1)), "the checkpoint's directory exists before the tasks write into it");
        h.coordinator.acknowledge(h.source, 1, CoordinatorTestHarness.sourceState(1), CoordinatorTestHarness.metrics());
        h.drain();
        assertFalse(first.isDone(), "the sink has not acknowledged yet");
        assertFalse(Files.exists(chk(1).resolve("_metadata")));
        assertEquals(List.of(), h.job.completed);

        h.coordinator.acknowledge(h.sink, 1, CoordinatorTestHarness.noState(), CoordinatorTestHarness.metrics());
        h.drain();
        assertEquals(1L, first.get());
        CheckpointMetadata written = CheckpointStorage.load(chk(1).toUri().toString());
        assertEquals(1, written.checkpointId());
        assertEquals(jobId.toHexString(), written.jobId());
        assertEquals("position at 1", positionIn(written));
        assertNull(written.operator(CoordinatorTestHarness.SINK_OP), "an operator without state is left out");
        CompletedCheckpoint stored = recording.latest().orElseThrow();
        assertEquals(1, stored.checkpointId());
        assertEquals("position at 1", positionIn(CheckpointMetadata.fromBytes(stored.metadata())));
        assertEquals(Set.of(new Notice(h.source, 1), new Notice(h.sink, 1)), Set.copyOf(h.job.completed));
        assertEquals(2, h.job.completed.size());
        assertEquals(List.of(1L, 1L), h.job.storeLatestAtNotice, "tasks commit only what the store holds");

        long second = complete(h);
        assertEquals(2, second);
        assertEquals(List.of(false, true), previousPresentAtAdd,
                "checkpoint 1 was still on disk when the store took checkpoint 2");
        assertEquals(List.of(1L, 1L, 2L, 2L), h.job.storeLatestAtNotice);
        assertFalse(Files.exists(chk(1)), "num-retained 1: checkpoint 1 is deleted once 2 completed");
        assertTrue(Files.exists(chk(2).resolve("_metadata")));
        assertEquals(List.of(2L), recording.recover().stream().map(CompletedCheckpoint::checkpointId).toList());
        assertEquals(List.of(2L), h.coordinator.retained().stream().map(CheckpointMetadata::checkpointId).toList());
        assertEquals(2, h.coordinator.latestCompletedId());
        assertEquals(2, h.coordinator.stats().completed());
        assertEquals(0, h.coordinator.stats().failed());
        assertEquals(List.of(), h.job.aborted);
    }

    @Test
    void checkpointsKeptInTheJobManagersMemoryCompleteWithoutFiles() throws Exception {
        CoordinatorTestHarness h = harness(null, 1, 0, 1);
        assertEquals(1, complete(h));
        CheckpointMetadata m = h.coordinator.retained().get(0);
        assertNull(m.location());
        assertEquals("position at 1", positionIn(m));
        assertEquals(1, h.store.latest().orElseThrow().checkpointId());
        assertEquals(Optional.of(1L), chosen(h), "nothing on disk to verify: the stored checkpoint is restorable");
    }

    // ---- failures: timeout, decline, unwritable directory, tolerance ----

    @Test
    void expiredCheckpointIsAbortedDeletedAndCounted() throws Exception {
        CoordinatorTestHarness h = harness(checkpointDir(), 1, 0, 1);
        CompletableFuture<Long> pending = h.coordinator.triggerCheckpoint();
        h.drain();
        h.coordinator.acknowledge(h.source, 1, CoordinatorTestHarness.sourceState(1), CoordinatorTestHarness.metrics());
        h.advance(TIMEOUT.minusMillis(1));
        assertFalse(pending.isDone(), "not yet expired");
        assertEquals(1, h.coordinator.numberOfPending());

        h.advance(Duration.ofMillis(1));
        h.drain();
        Throwable cause = failureOf(pending);
        assertTrue(cause.getMessage().contains("checkpoint 1 expired before it completed (execution.checkpointing.timeout"),
                cause.getMessage());
        assertEquals(0, h.coordinator.numberOfPending());
        assertEquals(Set.of(new Notice(h.source, 1), new Notice(h.sink, 1)), Set.copyOf(h.job.aborted));
        assertEquals(2, h.job.aborted.size());
        assertFalse(Files.exists(chk(1)), "the aborted checkpoint's directory is deleted");
        assertEquals(1, h.coordinator.stats().failed());
        // counted: a tolerance of 0 fails the job at the first failure
        assertEquals(1, h.job.failures.size());
        assertTrue(h.job.failures.get(0).getMessage().contains("expired"), h.job.failures.get(0).getMessage());
    }

    @Test
    void lateAcknowledgementOfAnAbortedCheckpointDeletesItsStateFile() throws Exception {
        CoordinatorTestHarness h = harness(checkpointDir(), 1, 5, 1);
        h.coordinator.triggerCheckpoint();
        h.drain();
        h.coordinator.decline(h.source, 1, "not today");
        h.drain();
        // the sink wrote its file before it learned of the abort (say, somewhere the abort does not delete)
        Path file = Files.writeString(tmp.resolve("late-state"), "x".repeat(100));
        TaskStateSnapshot late = new TaskStateSnapshot(Map.of(CoordinatorTestHarness.SINK_OP, new OperatorSubtaskState(
                List.of(new KeyedStateHandle(new KeyGroupRange(0, 127), new StateHandle.File(file.toUri().toString(), 100))),
                List.of())));
        h.coordinator.acknowledge(h.sink, 1, late, CoordinatorTestHarness.metrics());
        h.drain();
        assertFalse(Files.exists(file), "nobody else would delete the state of a checkpoint that no longer exists");
    }

    @Test
    void aDeclineOfATaskThatIsNotReadyAbortsWithoutCounting() throws Exception {
        CoordinatorTestHarness h = harness(checkpointDir(), 1, 0, 1);
        CompletableFuture<Long> pending = h.coordinator.triggerCheckpoint();
        h.drain();
        h.coordinator.decline(h.source, 1, "task Source (1/1)#0 is still starting", false);
        h.drain();
        assertEquals("checkpoint 1 was declined: task Source (1/1)#0 is still starting", failureOf(pending).getMessage());
        assertEquals(0, h.coordinator.numberOfPending());
        assertFalse(Files.exists(chk(1)));
        assertEquals(List.of(), h.job.failures, "a task that is not running yet is no checkpoint failure, even at a tolerance of 0");
    }

    @Test
    void declinedCheckpointIsAbortedAndCounted() throws Exception {
        CoordinatorTestHarness h = harness(checkpointDir(), 1, 0, 1);
        CompletableFuture<Long> pending = h.coordinator.triggerCheckpoint();
        h.drain();
        h.coordinator.decline(ExecutionAttemptId.generate(), 1, "a task of another attempt");
        assertEquals(1, h.coordinator.numberOfPending(), "a decline of a task that is not part of it is ignored");

        h.coordinator.decline(h.sink, 1, "the sink could not write its state");
        h.drain();
        Throwable cause = failureOf(pending);
        assertEquals("checkpoint 1 was declined: the sink could not write its state", cause.getMessage());
        assertEquals(2, h.job.aborted.size());
        assertFalse(Files.exists(chk(1)));
        assertEquals(1, h.coordinator.stats().failed());
        assertEquals(1, h.job.failures.size(), "counted against a tolerance of 0");
    }

    @Test
    void failuresBeyondTheToleranceFailTheJobOnceAndACompletionResetsTheCount() throws Exception {
        CoordinatorTestHarness h = harness(checkpointDir(), 1, 2, 1);
        declineNext(h);
        declineNext(h);
        assertEquals(List.of(), h.job.failures, "2 failures in a row are tolerated");
        complete(h);
        declineNext(h);
        declineNext(h);
        assertEquals(List.of(), h.job.failures, "the completion started the count again");

        declineNext(h);
        assertEquals(1, h.job.failures.size());
        Throwable failure = h.job.failures.get(0);
        assertInstanceOf(CheckpointCoordinator.CheckpointFailureException.class, failure);
        assertTrue(failure.getMessage().contains("execution.checkpointing.tolerable-failed-checkpoints"),
                failure.getMessage());
        assertTrue(failure.getMessage().contains("tolerance of 2 failed checkpoint(s) in a row"), failure.getMessage());
        assertTrue(failure.getMessage().contains("checkpoint 6 was declined"), failure.getMessage());
    }

    private static void declineNext(CoordinatorTestHarness h) {
        CompletableFuture<Long> f = h.coordinator.triggerCheckpoint();
        h.drain();
        long id = h.job.triggers.get(h.job.triggers.size() - 1).checkpointId();
        h.coordinator.decline(h.sink, id, "no");
        h.drain();
        assertTrue(f.isCompletedExceptionally());
    }

    /**
     * The job fails at the first failure (tolerance 0) while the next checkpoint is still fetching its
     * id; that one then fails too, but belongs to the attempt that already failed: it must not fail
     * the job (or its restarted attempt) a second time.
     */
    @Test
    void failureOfATriggerStartedBeforeTheJobFailedDoesNotFailTheJobAgain() throws Exception {
        CoordinatorTestHarness h = harness(checkpointDir(), 2, 0, 1);
        h.coordinator.triggerCheckpoint();
        h.drain();
        CompletableFuture<Long> second = h.coordinator.triggerCheckpoint(); // its I/O has not run yet
        Files.createDirectories(chk(2).getParent());
        Files.writeString(chk(2), "in the way"); // so that checkpoint 2's directory cannot be created

        h.advance(TIMEOUT); // checkpoint 1 expires: the job fails
        assertEquals(1, h.job.failures.size());
        h.drain(); // checkpoint 2 fails to start
        assertTrue(second.isCompletedExceptionally());
        assertEquals(1, h.job.failures.size(), "failJob is called exactly once: " + h.job.failures);
    }

    /** A completed checkpoint store that cannot take anything (ZooKeeper unreachable). */
    private static CompletedCheckpointStore refusingStore() {
        return new CompletedCheckpointStore() {
            @Override
            public void addCheckpoint(CompletedCheckpoint checkpoint) {
                throw new IllegalStateException("ZooKeeper is gone");
            }

            @Override
            public List<CompletedCheckpoint> recover() {
                return List.of();
            }

            @Override
            public Optional<CompletedCheckpoint> latest() {
                return Optional.empty();
            }

            @Override
            public int maxRetained() {
                return 1;
            }

            @Override
            public void shutdown(JobStatus jobStatus) {
            }
        };
    }

    @Test
    void checkpointTheStoreCannotTakeIsAbortedCountedAndDeletedOffTheMainThread() throws Exception {
        CompletedCheckpointStore failing = refusingStore();
        CoordinatorTestHarness h = harness(CoordinatorTestHarness.settings(checkpointDir(), 1, 0, 1, null, Duration.ZERO),
                failing, ha.checkpointIdCounter(jobId));
        CompletableFuture<Long> done = h.coordinator.triggerCheckpoint();
        h.drain();
        h.ackAll(1);
        h.io.runAll(); // _metadata is written, the store refuses
        h.mainThread.runAll();
        assertTrue(Files.exists(chk(1)), "the main thread does not touch the file system itself");
        h.io.runAll();
        assertFalse(Files.exists(chk(1)), "the checkpoint that did not make it into the store is deleted");

        assertEquals("checkpoint 1 of job " + jobId.toHexString() + " could not be completed: ZooKeeper is gone",
                failureOf(done).getMessage());
        assertEquals(List.of(), h.job.completed, "tasks never commit a checkpoint the store does not hold");
        assertEquals(2, h.job.aborted.size());
        assertEquals(List.of(), h.coordinator.retained());
        assertEquals(1, h.job.failures.size(), "counted");
    }

    @Test
    void checkpointFailingToCompleteAfterTheJobFailedIsNotCountedAgain() throws Exception {
        CoordinatorTestHarness h = harness(CoordinatorTestHarness.settings(checkpointDir(), 1, 0, 1, null, Duration.ZERO),
                refusingStore(), ha.checkpointIdCounter(jobId));
        h.coordinator.triggerCheckpoint();
        h.drain();
        h.ackAll(1); // fully acknowledged: its metadata is being written
        h.coordinator.stopAndAbortPending("the job failed: a task failed"); // meanwhile the job fails over
        h.drain(); // then the store refuses checkpoint 1
        assertEquals(List.of(), h.job.failures, "the failed-over job is not failed again by its earlier run");
        assertFalse(Files.exists(chk(1)));
    }

    @Test
    void triggerThatOutlivedAStopDeletesItsDirectoryOffTheMainThread() throws Exception {
        CoordinatorTestHarness h = harness(checkpointDir(), 1, 0, 1);
        CompletableFuture<Long> trigger = h.coordinator.triggerCheckpoint();
        h.coordinator.stopAndAbortPending("the job is restarting"); // while the id and directory are being set up
        h.io.runAll();
        assertTrue(Files.isDirectory(chk(1)));
        h.mainThread.runAll();
        assertTrue(failureOf(trigger).getMessage().contains("the job's tasks changed meanwhile"));
        assertEquals(List.of(), h.job.triggers);
        assertTrue(Files.exists(chk(1)), "the main thread does not touch the file system itself");
        h.drain();
        assertFalse(Files.exists(chk(1)));
        assertEquals(List.of(), h.job.failures);
    }

    @Test
    void unwritableCheckpointDirectoryFailsTheTriggerNamingItAndCounts() throws Exception {
        Path notADirectory = Files.writeString(tmp.resolve("checkpoints"), "a file, not a directory");
        CoordinatorTestHarness h = harness(checkpointDir(), 1, 1, 1);

        CompletableFuture<Long> first = h.coordinator.triggerCheckpoint();
        h.drain();
        Throwable cause = failureOf(first);
        assertTrue(cause.getMessage().startsWith("checkpoint 1 of job " + jobId.toHexString() + " could not start: "),
                cause.getMessage());
        assertTrue(cause.getMessage().contains("cannot create checkpoint directory file:" + chk(1)),
                "names the directory it could not create: " + cause.getMessage());
        assertTrue(cause.getMessage().contains(notADirectory.toString()), "and why: " + cause.getMessage());
        assertEquals(List.of(), h.job.triggers, "no task was triggered");
        assertEquals(1, h.coordinator.stats().failed());
        assertEquals(List.of(), h.job.failures, "one failure is tolerated");

        CompletableFuture<Long> second = h.coordinator.triggerCheckpoint();
        h.drain();
        assertTrue(failureOf(second).getMessage().startsWith("checkpoint 2 of job"), "ids are not reused");
        assertEquals(1, h.job.failures.size(), "the second failure in a row is counted");
        assertTrue(h.job.failures.get(0).getMessage().contains(notADirectory.toString()));
    }

    // ---- what holds triggers back ----

    @Test
    void maxConcurrentRefusesATriggerWhileACheckpointIsPending() throws Exception {
        CoordinatorTestHarness h = harness(checkpointDir(), 1, 0, 1);
        h.coordinator.triggerCheckpoint();
        h.drain();
        CompletableFuture<Long> refused = h.coordinator.triggerCheckpoint();
        assertTrue(failureOf(refused).getMessage().contains(
                "1 in progress, the most allowed is 1 (execution.checkpointing.max-concurrent-checkpoints)"));
        h.drain();
        assertEquals(List.of(1L), h.job.triggeredIds());
        assertEquals(List.of(), h.job.failures, "a refused trigger is no checkpoint failure");

        h.ackAll(1);
        h.drain();
        CompletableFuture<Long> next = h.coordinator.triggerCheckpoint();
        h.drain();
        assertEquals(List.of(1L, 2L), h.job.triggeredIds());
        assertFalse(next.isDone());
    }

    @Test
    void periodicTriggersWaitForMaxConcurrentAndTheMinimumPause() throws Exception {
        Duration interval = Duration.ofSeconds(1);
        CoordinatorTestHarness h = harness(
                CoordinatorTestHarness.settings(checkpointDir(), 1, 0, 1, interval, Duration.ofSeconds(5)),
                ha.completedCheckpointStore(jobId, 1), ha.checkpointIdCounter(jobId));
        h.coordinator.startPeriodic();
        assertEquals(interval, h.scheduler.last().delay(), "the first checkpoint comes one interval after the start");
        h.advance(interval);
        h.drain();
        assertEquals(List.of(1L), h.job.triggeredIds());

        h.advance(interval); // checkpoint 1 still pending: max-concurrent 1 holds the next one back
        h.drain();
        assertEquals(List.of(1L), h.job.triggeredIds());

        h.ackAll(1);
        h.drain();
        long completedAt = h.clock.now;
        h.advance(Duration.ofMillis(100)); // the re-check after max-concurrent held it back
        h.advance(interval);
        h.drain();
        assertEquals(List.of(1L), h.job.triggeredIds(), "within the minimum pause after checkpoint 1 completed");
        long dueAt = h.scheduler.scheduled.stream().mapToLong(CoordinatorTestHarness.ManualScheduler.Scheduled::due)
                .filter(d -> d > h.clock.now).min().orElseThrow();
        assertEquals(completedAt + 5_000, dueAt, "the next try is exactly when the pause ends");

        h.clock.now = completedAt + 4_999;
        h.scheduler.runDue();
        h.drain();
        assertEquals(List.of(1L), h.job.triggeredIds());
        h.clock.now = completedAt + 5_000;
        h.scheduler.runDue();
        h.drain();
        assertEquals(List.of(1L, 2L), h.job.triggeredIds());
    }

    // ---- subsumption and stopping ----

    @Test
    void completingANewerCheckpointAbortsAnOlderPendingOneWithoutCountingIt() throws Exception {
        CoordinatorTestHarness h = harness(checkpointDir(), 2, 0, 1);
        CompletableFuture<Long> older = h.coordinator.triggerCheckpoint();
        h.drain();
        CompletableFuture<Long> newer = h.coordinator.triggerCheckpoint();
        h.drain();
        assertEquals(List.of(1L, 2L), h.job.triggeredIds());
        h.coordinator.acknowledge(h.source, 1, CoordinatorTestHarness.sourceState(1), CoordinatorTestHarness.metrics());

        h.ackAll(2);
        h.drain();
        assertEquals(2L, newer.get());
        assertTrue(failureOf(older).getMessage().contains("checkpoint 1 was subsumed by checkpoint 2"));
        assertEquals(0, h.coordinator.numberOfPending());
        assertEquals(2, h.job.aborted.size());
        assertTrue(h.job.aborted.stream().allMatch(n -> n.checkpointId() == 1));
        assertFalse(Files.exists(chk(1)));
        assertEquals(List.of(), h.job.failures, "subsumption is no failure");

        h.coordinator.acknowledge(h.sink, 1, CoordinatorTestHarness.noState(), CoordinatorTestHarness.metrics());
        h.drain();
        assertEquals(List.of(2L), h.coordinator.retained().stream().map(CheckpointMetadata::checkpointId).toList());
        assertTrue(h.job.completed.stream().allMatch(n -> n.checkpointId() == 2));
    }

    @Test
    void stopAndAbortPendingAbortsWithoutCountingAndStopsPeriodicTriggers() throws Exception {
        Duration interval = Duration.ofSeconds(1);
        CoordinatorTestHarness h = harness(
                CoordinatorTestHarness.settings(checkpointDir(), 1, 0, 1, interval, Duration.ZERO),
                ha.completedCheckpointStore(jobId, 1), ha.checkpointIdCounter(jobId));
        h.coordinator.startPeriodic();
        h.advance(interval);
        h.drain();
        assertEquals(List.of(1L), h.job.triggeredIds());

        h.coordinator.stopAndAbortPending("the job is restarting");
        h.drain();
        assertEquals(0, h.coordinator.numberOfPending());
        assertEquals(2, h.job.aborted.size());
        assertFalse(Files.exists(chk(1)));
        h.advance(TIMEOUT); // the expiry of checkpoint 1 and periodic ticks of the stopped run
        h.drain();
        assertEquals(List.of(1L), h.job.triggeredIds(), "no periodic trigger after the stop");
        assertEquals(List.of(), h.job.failures, "aborting on a stop is no checkpoint failure");

        h.coordinator.startPeriodic(); // the restarted job's tasks run
        h.advance(interval);
        h.drain();
        assertEquals(List.of(1L, 2L), h.job.triggeredIds());
    }

    @Test
    void triggerIsRefusedWhileTasksAreNotRunning() {
        CoordinatorTestHarness h = harness(checkpointDir(), 1, 0, 1);
        h.job.notRunning = "task Sink (1/1) is DEPLOYING";
        CompletableFuture<Long> refused = h.coordinator.triggerCheckpoint();
        assertEquals("checkpoint not started: task Sink (1/1) is DEPLOYING", failureOf(refused).getMessage());
        h.drain();
        assertEquals(List.of(), h.job.triggers);
        assertEquals(List.of(), h.job.failures);
    }

    // ---- the job ends ----

    @Test
    void finishedJobDeletesItsCheckpointsAndTheJobDirectory() throws Exception {
        CoordinatorTestHarness h = harness(checkpointDir(), 1, 0, 1);
        complete(h);
        complete(h);
        CompletableFuture<Void> done = h.coordinator.shutdown(JobStatus.FINISHED);
        h.drain();
        assertTrue(done.isDone());
        assertFalse(Files.exists(chk(2).getParent()), "the job's checkpoint directory is gone");
        assertEquals(List.of(), h.store.recover());
        assertTrue(h.coordinator.triggerCheckpoint().isCompletedExceptionally(), "no trigger after the shutdown");
    }

    /**
     * The tasks finish while a checkpoint is still setting up its directory, and the JobMaster stops
     * before the set-up's result reaches its main thread: the finished job's cleanup must still leave
     * nothing behind (CheckpointedJobTest saw the stray chk-n of such a trigger).
     */
    @Test
    void finishedJobDeletesTheDirectoryOfATriggerStillBeingSetUp() throws Exception {
        CoordinatorTestHarness h = harness(checkpointDir(), 1, 0, 1);
        complete(h);
        h.coordinator.triggerCheckpoint(); // checkpoint 2: id and directory on the I/O thread
        h.coordinator.stopAndAbortPending("task Sink (1/1) finished");
        h.coordinator.shutdown(JobStatus.FINISHED);
        h.io.runAll(); // the set-up creates chk-2, then the cleanup runs; the main thread is gone
        assertFalse(Files.exists(chk(2).getParent()), "nothing of the finished job is left: " + listing());
    }

    /** The same for a checkpoint whose metadata was being written when the job finished. */
    @Test
    void finishedJobDeletesACheckpointThatCompletedWhileItEnded() throws Exception {
        CoordinatorTestHarness h = harness(checkpointDir(), 1, 0, 1);
        complete(h);
        h.coordinator.triggerCheckpoint();
        h.drain();
        h.ackAll(2); // fully acknowledged: _metadata is written on the I/O thread
        h.coordinator.stopAndAbortPending("task Sink (1/1) finished");
        h.coordinator.shutdown(JobStatus.FINISHED);
        h.drain();
        assertFalse(Files.exists(chk(2).getParent()), "nothing of the finished job is left: " + listing());
    }

    private List<String> listing() {
        try (java.util.stream.Stream<Path> files = Files.walk(tmp)) {
            return files.map(p -> tmp.relativize(p).toString()).toList();
        } catch (java.io.IOException e) {
            return List.of(e.toString());
        }
    }

    /** A job started with -s from another job's retained checkpoint never deletes that checkpoint. */
    @Test
    void checkpointTheJobWasStartedFromIsNeverDeleted() throws Exception {
        CoordinatorTestHarness earlier = harness(checkpointDir(), 1, 0, 1);
        complete(earlier);
        earlier.coordinator.shutdown(JobStatus.FAILED); // kept, to resume from
        earlier.drain();

        JobId resumed = JobId.generate();
        CoordinatorTestHarness h = new CoordinatorTestHarness(resumed.toHexString(),
                CoordinatorTestHarness.settings(checkpointDir(), 1, 0, 1, null, Duration.ZERO),
                ha.completedCheckpointStore(resumed, 1), ha.checkpointIdCounter(resumed));
        CompletableFuture<Void> recovered = h.coordinator.recover(chk(1).toString());
        h.drain();
        recovered.get();
        assertEquals(List.of(1L), h.coordinator.retained().stream().map(CheckpointMetadata::checkpointId).toList());
        assertEquals(2, complete(h), "ids continue after the checkpoint started from");
        assertEquals(3, complete(h));
        h.coordinator.shutdown(JobStatus.FINISHED);
        h.drain();

        assertTrue(Files.exists(chk(1).resolve("_metadata")), "the earlier job's checkpoint is still there");
        assertFalse(Files.exists(tmp.resolve("checkpoints").resolve(resumed.toHexString())),
                "the resumed job's own checkpoints are gone");
    }

    @Test
    void failedJobKeepsItsLatestCheckpoint() throws Exception {
        CoordinatorTestHarness h = harness(checkpointDir(), 1, 0, 1);
        complete(h);
        h.coordinator.shutdown(JobStatus.FAILED);
        h.drain();
        assertTrue(Files.exists(chk(1).resolve("_metadata")), "kept to resume from with -s");
    }

    // ---- a new JobManager ----

    @Test
    void aNewCoordinatorWithTheSameCounterAndStoreContinuesTheIds() throws Exception {
        CompletedCheckpointStore store = ha.completedCheckpointStore(jobId, 1);
        CheckpointIdCounter counter = ha.checkpointIdCounter(jobId);
        CheckpointSettings settings = CoordinatorTestHarness.settings(checkpointDir(), 1, 0, 1, null, Duration.ZERO);
        CoordinatorTestHarness first = harness(settings, store, counter);
        complete(first);
        complete(first);
        first.coordinator.triggerCheckpoint(); // 3 is never acknowledged: the JobManager dies
        first.drain();
        first.coordinator.shutdown(JobStatus.RUNNING); // leadership lost: everything stays
        first.drain();

        CoordinatorTestHarness second = harness(settings, store, counter);
        assertEquals(2, second.coordinator.latestCompletedId());
        assertEquals(List.of(2L), second.coordinator.retained().stream().map(CheckpointMetadata::checkpointId).toList());
        assertEquals(4, complete(second), "the new JobManager never reuses an id, not even of an unfinished checkpoint");
        assertTrue(Files.exists(chk(4).resolve("_metadata")));
        assertFalse(Files.exists(chk(2)), "the recovered checkpoint is subsumed as usual");
    }

    // ---- restore ----

    @Test
    void chooseRestoreFallsBackWhenTheNewestCheckpointsStateFileIsMissingOrTruncated() throws Exception {
        CompletedCheckpointStore store = ha.completedCheckpointStore(jobId, 2);
        CheckpointIdCounter counter = ha.checkpointIdCounter(jobId);
        CheckpointSettings settings = CoordinatorTestHarness.settings(checkpointDir(), 1, 0, 2, null, Duration.ZERO);
        CoordinatorTestHarness h = harness(settings, store, counter);
        Map<Long, StateHandle.File> files = new java.util.HashMap<>();
        for (int i = 0; i < 3; i++) {
            h.coordinator.triggerCheckpoint();
            h.drain();
            long id = h.job.triggers.get(h.job.triggers.size() - 1).checkpointId();
            // the sink's keyed state goes to a file: the inline threshold is far below its size
            CheckpointOutputStream out = new CheckpointOutputStream(chk(id).toUri().toString(), 16, 0, "op-sink-0-keyed");
            out.write(("state of checkpoint " + id + " ").repeat(20).getBytes(StandardCharsets.UTF_8));
            StateHandle handle = out.closeAndGetHandle();
            StateHandle.File file = assertInstanceOf(StateHandle.File.class, handle);
            files.put(id, file);
            h.coordinator.acknowledge(h.source, id, CoordinatorTestHarness.sourceState(id), CoordinatorTestHarness.metrics());
            h.coordinator.acknowledge(h.sink, id, new TaskStateSnapshot(Map.of(CoordinatorTestHarness.SINK_OP,
                    new OperatorSubtaskState(List.of(new KeyedStateHandle(new KeyGroupRange(0, 127), file)), List.of()))),
                    CoordinatorTestHarness.metrics());
            h.drain();
        }
        assertEquals(List.of(2L, 3L), h.coordinator.retained().stream().map(CheckpointMetadata::checkpointId).toList());
        assertEquals(Optional.of(3L), chosen(h));

        // a new JobManager finds the same two in the store; the newest one's file lost its tail
        Path newest = Path.of(java.net.URI.create(files.get(3L).path()));
        byte[] content = Files.readAllBytes(newest);
        Files.write(newest, java.util.Arrays.copyOf(content, content.length - 1));
        CoordinatorTestHarness next = harness(settings, store, counter);
        assertEquals(Optional.of(2L), chosen(next), "truncated: falls back to checkpoint 2");
        CheckpointMetadata restored = chosenMetadata(next);
        assertEquals("position at 2", positionIn(restored));

        Files.delete(newest);
        assertEquals(Optional.of(2L), chosen(next), "missing: falls back to checkpoint 2");

        Files.delete(Path.of(java.net.URI.create(files.get(2L).path())));
        assertEquals(Optional.empty(), chosen(next), "no intact checkpoint is left");
    }

    private static Optional<Long> chosen(CoordinatorTestHarness h) {
        return Optional.ofNullable(chosenMetadata(h)).map(CheckpointMetadata::checkpointId);
    }

    private static CheckpointMetadata chosenMetadata(CoordinatorTestHarness h) {
        CompletableFuture<Optional<CheckpointMetadata>> chosen = h.coordinator.chooseRestore();
        h.drain();
        assertTrue(chosen.isDone());
        return chosen.join().orElse(null);
    }
}
