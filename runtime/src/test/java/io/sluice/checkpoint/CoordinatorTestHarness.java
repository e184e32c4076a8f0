package io.sluice.checkpoint;

import io.sluice.api.checkpoint.CheckpointingMode;
import io.sluice.api.checkpoint.ExternalizedCheckpointRetention;
import io.sluice.common.ExecutionAttemptId;
import io.sluice.ha.CheckpointIdCounter;
import io.sluice.ha.CompletedCheckpointStore;
import io.sluice.state.OperatorListState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

/**
 * Everything a {@link CheckpointCoordinator} runs on, under the test's control: the JobMaster's main
 * thread, its scheduler and the I/O thread are queues that run only when the test says so, and time
 * moves only when the test advances it. The job is a source task and a sink task.
 */
final class CoordinatorTestHarness {

    static final String SOURCE_OP = "op-source";
    static final String SINK_OP = "op-sink";

    /** Runs what it was given only when asked, in order. */
    static final class ManualExecutor implements Executor {
        final ArrayDeque<Runnable> queue = new ArrayDeque<>();

        @Override
        public void execute(Runnable command) {
            queue.add(command);
        }

        /** Runs everything queued, also what running adds; returns how many ran. */
        int runAll() {
            int ran = 0;
            Runnable next;
            while ((next = queue.poll()) != null) {
                next.run();
                ran++;
            }
            return ran;
        }
    }

    /** Milliseconds that move only when the test says so. */
    static final class ManualClock implements LongSupplier {
        long now = 1_000_000; // not 0: "never" must not look like "now"

        @Override
        public long getAsLong() {
            return now;
        }
    }

    /** Collects scheduled actions with their delays; runs those due at the manual clock's time on demand. */
    static final class ManualScheduler implements CheckpointCoordinator.Scheduler {
        record Scheduled(Runnable action, Duration delay, long due) {}

        private final ManualClock clock;
        final List<Scheduled> scheduled = new ArrayList<>();

        ManualScheduler(ManualClock clock) {
            this.clock = clock;
        }

        @Override
        public void schedule(Runnable action, Duration delay) {
            scheduled.add(new Scheduled(action, delay, clock.now + delay.toMillis()));
        }

        /** Runs every action due by now, earliest first (also ones scheduled while running). */
        void runDue() {
            while (true) {
                Scheduled next = null;
                for (Scheduled s : scheduled) {
                    if (s.due() <= clock.now && (next == null || s.due() < next.due())) {
                        next = s;
                    }
                }
                if (next == null) {
                    return;
                }
                scheduled.remove(next);
                next.action().run();
            }
        }

        /** The most recently scheduled action. */
        Scheduled last() {
            return scheduled.get(scheduled.size() - 1);
        }
    }

    record Notice(ExecutionAttemptId task, long checkpointId) {}

    /** The JobMaster as the coordinator sees it: records what it is told, and fails like the JobMaster does. */
    final class FakeJob implements CheckpointCoordinator.JobAccess {
        final List<Notice> triggers = new ArrayList<>();
        final List<Notice> completed = new ArrayList<>();
        final List<Notice> aborted = new ArrayList<>();
        final List<Throwable> failures = new ArrayList<>();
        /** For each completion notice: the newest checkpoint id in the store when it was sent. */
        final List<Long> storeLatestAtNotice = new ArrayList<>();
        String notRunning;

        @Override
        public CheckpointPlan currentPlan(StringBuilder reason) {
            if (notRunning != null) {
                reason.append(notRunning);
                return null;
            }
            return plan;
        }

        @Override
        public void trigger(ExecutionAttemptId source, long checkpointId, long timestamp) {
            triggers.add(new Notice(source, checkpointId));
        }

        @Override
        public void notifyComplete(ExecutionAttemptId task, long checkpointId) {
            completed.add(new Notice(task, checkpointId));
            try {
                storeLatestAtNotice.add(store.latest().map(c -> c.checkpointId()).orElse(-1L));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }

        @Override
        public void notifyAborted(ExecutionAttemptId task, long checkpointId) {
            aborted.add(new Notice(task, checkpointId));
        }

        /** As the JobMaster's handleFailure: the job fails over, which stops the checkpoints in flight. */
        @Override
        public void failJob(Throwable cause) {
            failures.add(cause);
            coordinator.stopAndAbortPending("the job failed: " + cause);
        }

        List<Long> triggeredIds() {
            return triggers.stream().map(Notice::checkpointId).toList();
        }
    }

    final ManualClock clock = new ManualClock();
    final ManualExecutor mainThread = new ManualExecutor();
    final ManualExecutor io = new ManualExecutor();
    final ManualScheduler scheduler = new ManualScheduler(clock);
    final ExecutionAttemptId source = ExecutionAttemptId.generate();
    final ExecutionAttemptId sink = ExecutionAttemptId.generate();
    final CheckpointPlan plan = new CheckpointPlan(List.of(source), Map.of(
            source, new CheckpointPlan.Task("v-source", "Source", 0, 1, 128, List.of(SOURCE_OP)),
            sink, new CheckpointPlan.Task("v-sink", "Sink", 0, 1, 128, List.of(SINK_OP))));
    final FakeJob job = new FakeJob();
    final String jobId;
    final CheckpointSettings settings;
    final CheckpointStorage storage;
    final CompletedCheckpointStore store;
    final CheckpointIdCounter counter;
    final CheckpointCoordinator coordinator;

    CoordinatorTestHarness(String jobId, CheckpointSettings settings, CompletedCheckpointStore store,
                           CheckpointIdCounter counter) {
        this.jobId = jobId;
        this.settings = settings;
        this.storage = new CheckpointStorage(settings.directory(), jobId);
        this.store = store;
        this.counter = counter;
        this.coordinator = new CheckpointCoordinator(jobId, settings, storage, store, counter, job, mainThread,
                scheduler, io, clock);
    }

    static CheckpointSettings settings(String directory, int maxConcurrent, int tolerableFailures, int numRetained,
                                       Duration interval, Duration minPause) {
        return new CheckpointSettings(interval, CheckpointingMode.EXACTLY_ONCE, Duration.ofSeconds(60), minPause,
                maxConcurrent, tolerableFailures, directory, numRetained,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    }

    /** Runs the I/O and main thread queues until both are empty (what the real threads would do eventually). */
    void drain() {
        while (io.runAll() + mainThread.runAll() > 0) {
            // a completion on the main thread may queue more I/O, and the other way round
        }
    }

    void advance(Duration d) {
        clock.now += d.toMillis();
        scheduler.runDue();
    }

    /** What the source acknowledges: a list state that names the checkpoint, so the metadata can be checked. */
    static TaskStateSnapshot sourceState(long checkpointId) {
        return new TaskStateSnapshot(Map.of(SOURCE_OP, new OperatorSubtaskState(List.of(), List.of(
                new OperatorListState("position", OperatorListState.Distribution.SPLIT,
                        List.of(("position at " + checkpointId).getBytes(StandardCharsets.UTF_8)))))));
    }

    static String positionIn(CheckpointMetadata metadata) {
        OperatorState source = metadata.operator(SOURCE_OP);
        return new String(source.subtasks().get(0).list("position").elements().get(0), StandardCharsets.UTF_8);
    }

    static TaskStateSnapshot noState() {
        return new TaskStateSnapshot(Map.of());
    }

    static CheckpointMetrics metrics() {
        return new CheckpointMetrics(0, 0, 0, 0);
    }

    void ackAll(long checkpointId) {
        coordinator.acknowledge(source, checkpointId, sourceState(checkpointId), metrics());
        coordinator.acknowledge(sink, checkpointId, noState(), metrics());
    }
}
