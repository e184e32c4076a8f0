package io.sluice.taskexecutor;

import io.sluice.api.common.JobId;
import io.sluice.common.ExecutionAttemptId;
import io.sluice.common.ExecutionState;
import io.sluice.protocol.TaskDeploymentDescriptor;
import io.sluice.protocol.TaskExecutionState;
import io.sluice.rpc.SerializedThrowable;
import io.sluice.task.CheckpointResponder;
import io.sluice.task.TaskEnvironment;
import io.sluice.task.TaskInvokable;
import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One execution attempt of one subtask, on its own thread: loads the job's code, runs the
 * {@link TaskInvokable}, and reports each state change. Cancellation asks the invokable to stop,
 * interrupts the thread, and arms a watchdog that kills the process if the task does not stop
 * (a stuck task would otherwise hold its slot and resources forever).
 */
final class Task implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Task.class);

    private final TaskDeploymentDescriptor tdd;
    private final UserCodeClassLoaders classLoaders;
    private final Consumer<TaskExecutionState> stateListener;
    private final Duration cancellationTimeout;
    private final ScheduledExecutorService timers;
    private final Runnable killProcess;
    private final Thread thread;
    private final io.sluice.network.NetworkEnvironment network;
    private final CheckpointResponder checkpointResponder;
    private volatile io.sluice.network.TaskNetwork taskNetwork = io.sluice.network.TaskNetwork.none();

    private volatile ExecutionState state = ExecutionState.DEPLOYING;
    private volatile boolean cancelRequested;
    private volatile TaskInvokable invokable;

    Task(TaskDeploymentDescriptor tdd, UserCodeClassLoaders classLoaders, Consumer<TaskExecutionState> stateListener,
         Duration cancellationTimeout, ScheduledExecutorService timers, Runnable killProcess,
         io.sluice.network.NetworkEnvironment network, CheckpointResponder checkpointResponder) {
        this.network = network;
        this.checkpointResponder = checkpointResponder;
        this.tdd = tdd;
        this.classLoaders = classLoaders;
        this.stateListener = stateListener;
        this.cancellationTimeout = cancellationTimeout;
        this.timers = timers;
        this.killProcess = killProcess;
        this.thread = new Thread(this, tdd.taskNameWithSubtask());
    }

    void start() {
        thread.start();
    }

    ExecutionAttemptId attemptId() {
        return tdd.attemptId();
    }

    TaskDeploymentDescriptor descriptor() {
        return tdd;
    }

    ExecutionState state() {
        return state;
    }

    @Override
    public void run() {
        Throwable failure = null;
        try {
            ClassLoader userCode = classLoaders.get(tdd.jobId(), tdd.jars(), tdd.blobServerAddress());
            thread.setContextClassLoader(userCode);
            if (network != null && (!tdd.producedPartitions().isEmpty() || !tdd.inputGates().isEmpty())) {
                taskNetwork = network.createTaskNetwork(tdd.taskNameWithSubtask(), tdd.allocationId(),
                        tdd.attemptNumber(), tdd.producedPartitions(), tdd.inputGates());
            }
            TaskInvokable task = instantiate(userCode);
            invokable = task;
            if (cancelRequested) {
                return;
            }
            transition(ExecutionState.RUNNING, null);
            task.invoke();
        } catch (Throwable t) {
            failure = t;
        } finally {
            finish(failure);
        }
    }

    private TaskInvokable instantiate(ClassLoader userCode) throws Exception {
        Class<?> type;
        try {
            type = Class.forName(tdd.invokableClassName(), true, userCode);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("task class " + tdd.invokableClassName()
                    + " is neither in Sluice's lib/ nor in the job's jars", e);
        }
        try {
            return (TaskInvokable) type.getConstructor(TaskEnvironment.class).newInstance(environment(userCode));
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }

    private void finish(Throwable failure) {
        // Report first, then release: consumers learn of a producer failure through the network, and the
        // JobMaster should hear of the producer's own failure (the user's exception) before theirs.
        Throwable released;
        if (cancelRequested) {
            transition(ExecutionState.CANCELED, null);
            released = new java.util.concurrent.CancellationException("task " + tdd.taskNameWithSubtask()
                    + " was cancelled");
        } else if (failure != null) {
            LOG.warn("{} failed", tdd.taskNameWithSubtask(), failure);
            transition(ExecutionState.FAILED, failure);
            released = failure;
        } else {
            transition(ExecutionState.FINISHED, null);
            released = null; // partitions stay until their consumers have read them
        }
        try {
            taskNetwork.release(released);
        } catch (RuntimeException e) {
            LOG.warn("Error releasing the network resources of {}", tdd.taskNameWithSubtask(), e);
        }
    }

    private synchronized void transition(ExecutionState next, Throwable failure) {
        if (state.isTerminal() || (cancelRequested && !next.isTerminal())) {
            return;
        }
        state = next;
        LOG.info("{} ({}) switched to {}", tdd.taskNameWithSubtask(), tdd.attemptId(), next);
        stateListener.accept(new TaskExecutionState(tdd.jobId(), tdd.attemptId(), next,
                failure == null ? null : SerializedThrowable.of(failure)));
    }

    /** A source task starts a checkpoint; declined when the task is not running (yet, or any more). */
    void triggerCheckpoint(long checkpointId, long timestamp) {
        TaskInvokable current = invokable;
        if (current == null || state != ExecutionState.RUNNING) {
            checkpointResponder.declineNotReady(checkpointId, "task " + tdd.taskNameWithSubtask() + " is " + state);
            return;
        }
        try {
            current.triggerCheckpoint(checkpointId, timestamp);
        } catch (RuntimeException e) {
            checkpointResponder.decline(checkpointId, "task " + tdd.taskNameWithSubtask() + " cannot take checkpoints: " + e);
        }
    }

    void notifyCheckpointComplete(long checkpointId) {
        TaskInvokable current = invokable;
        if (current != null && state == ExecutionState.RUNNING) {
            current.notifyCheckpointComplete(checkpointId);
        }
    }

    void notifyCheckpointAborted(long checkpointId) {
        TaskInvokable current = invokable;
        if (current != null && state == ExecutionState.RUNNING) {
            current.notifyCheckpointAborted(checkpointId);
        }
    }

    /** Asks the task to stop; safe to call repeatedly and from any thread. */
    void cancel() {
        synchronized (this) {
            if (state.isTerminal() || cancelRequested) {
                return;
            }
            cancelRequested = true;
            state = ExecutionState.CANCELING;
        }
        LOG.info("Cancelling {} ({})", tdd.taskNameWithSubtask(), tdd.attemptId());
        TaskInvokable current = invokable;
        if (current != null) {
            try {
                current.cancel();
            } catch (Throwable t) {
                LOG.warn("Error while cancelling {}", tdd.taskNameWithSubtask(), t);
            }
        }
        thread.interrupt();
        if (!cancellationTimeout.isZero()) {
            timers.schedule(this::checkStopped, cancellationTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void checkStopped() {
        if (thread.isAlive()) {
            StringBuilder trace = new StringBuilder();
            for (StackTraceElement e : thread.getStackTrace()) {
                trace.append("\n\tat ").append(e);
            }
            LOG.error("{} did not stop within task.cancellation.timeout ({}); killing this TaskManager so that its "
                    + "resources are freed. The task was at:{}", tdd.taskNameWithSubtask(), cancellationTimeout, trace);
            killProcess.run();
        }
    }

    private TaskEnvironment environment(ClassLoader userCode) {
        return new TaskEnvironment() {
            @Override public JobId jobId() { return tdd.jobId(); }
            @Override public String jobName() { return tdd.jobName(); }
            @Override public String vertexId() { return tdd.vertexId(); }
            @Override public String taskNameWithSubtask() { return tdd.taskNameWithSubtask(); }
            @Override public int subtaskIndex() { return tdd.subtaskIndex(); }
            @Override public int parallelism() { return tdd.parallelism(); }
            @Override public int attemptNumber() { return tdd.attemptNumber(); }
            @Override public ClassLoader userClassLoader() { return userCode; }
            @Override public byte[] invokableConfiguration() { return tdd.invokableConfiguration(); }
            @Override public Map<String, String> jobConfiguration() { return tdd.jobConfiguration(); }
            @Override public io.sluice.network.TaskNetwork network() { return taskNetwork; }
            @Override public io.sluice.checkpoint.TaskRestore taskRestore() { return tdd.taskRestore(); }
            @Override public CheckpointResponder checkpointResponder() { return checkpointResponder; }
        };
    }

    /** Waits for the task thread to end (for shutdown). */
    boolean awaitTermination(Duration timeout) throws InterruptedException {
        thread.join(Math.max(1, timeout.toMillis()));
        return !thread.isAlive();
    }
}
