package io.sluice.taskexecutor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.common.JobId;
import io.sluice.blob.BlobCache;
import io.sluice.common.AllocationId;
import io.sluice.common.ExecutionAttemptId;
import io.sluice.common.ExecutionState;
import io.sluice.protocol.TaskDeploymentDescriptor;
import io.sluice.protocol.TaskExecutionState;
import io.sluice.task.TaskEnvironment;
import io.sluice.task.TaskInvokable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What cancellation does to a task that cooperates and to one that ignores it. */
class TaskCancellationTest {

    @TempDir
    Path tmp;

    private ScheduledExecutorService timers;
    private UserCodeClassLoaders classLoaders;
    private final List<TaskExecutionState> states = new CopyOnWriteArrayList<>();
    private final CountDownLatch killed = new CountDownLatch(1);

    static volatile boolean release;

    @BeforeEach
    void setUp() throws Exception {
        timers = Executors.newSingleThreadScheduledExecutor();
        classLoaders = new UserCodeClassLoaders(new BlobCache(tmp.resolve("blobs")),
                io.sluice.usercode.UserCodeClassLoading.defaults());
    }

    @AfterEach
    void tearDown() {
        release = true;
        timers.shutdownNow();
        classLoaders.close();
    }

    @Test
    void aCooperatingTaskEndsCanceledAndTheProcessLives() throws Exception {
        Task task = task(WaitsUntilInterrupted.class, Duration.ofSeconds(30));
        task.start();
        awaitState(ExecutionState.RUNNING);

        task.cancel();

        assertTrue(task.awaitTermination(Duration.ofSeconds(10)), "task thread did not stop");
        awaitState(ExecutionState.CANCELED);
        assertFalse(killed.await(200, TimeUnit.MILLISECONDS), "a task that stopped must not kill its TaskManager");
    }

    @Test
    void aTaskThatIgnoresCancellationKillsTheProcessAfterTheTimeout() throws Exception {
        release = false;
        Task task = task(IgnoresCancellation.class, Duration.ofMillis(300));
        task.start();
        awaitState(ExecutionState.RUNNING);

        task.cancel();

        assertTrue(killed.await(10, TimeUnit.SECONDS), "the watchdog did not kill the TaskManager");
        assertFalse(task.awaitTermination(Duration.ofMillis(1)), "the task was expected to still be stuck");
        assertEquals(ExecutionState.CANCELING, task.state());
    }

    private Task task(Class<? extends TaskInvokable> invokable, Duration cancellationTimeout) {
        TaskDeploymentDescriptor tdd = new TaskDeploymentDescriptor(JobId.generate(), "test job",
                ExecutionAttemptId.generate(), 0, AllocationId.generate(), "v1", invokable.getSimpleName(), 0, 1,
                invokable.getName(), new byte[0], Map.of(), List.of(), "http://127.0.0.1:1", List.of(), List.of(), null);
        // no network: these tasks neither produce nor consume partitions
        return new Task(tdd, classLoaders, states::add, cancellationTimeout, timers, killed::countDown, null,
                io.sluice.task.CheckpointResponder.NONE);
    }

    private void awaitState(ExecutionState state) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (states.stream().noneMatch(s -> s.state() == state)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("task never reached " + state + "; states: " + states);
            }
            Thread.sleep(10);
        }
    }

    /** Sleeps until interrupted, like a well-behaved blocking task. */
    public static final class WaitsUntilInterrupted implements TaskInvokable {
        public WaitsUntilInterrupted(TaskEnvironment env) {}

        @Override
        public void invoke() throws InterruptedException {
            Thread.sleep(Long.MAX_VALUE);
        }

        @Override
        public void cancel() {}
    }

    /** Swallows interrupts and ignores cancel(), like user code stuck in a loop. */
    public static final class IgnoresCancellation implements TaskInvokable {
        public IgnoresCancellation(TaskEnvironment env) {}

        @Override
        public void invoke() {
            while (!release) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException ignored) {
                    // deliberately ignored
                }
            }
        }

        @Override
        public void cancel() {}
    }
}
