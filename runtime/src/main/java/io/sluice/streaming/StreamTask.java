package io.sluice.streaming;

import io.sluice.config.CheckpointingOptions;
import io.sluice.config.Configuration;
import io.sluice.config.NetworkOptions;
import io.sluice.network.TaskNetwork;
import io.sluice.network.serialization.StreamElementCodec;
import io.sluice.network.serialization.ValueSerializer;
import io.sluice.state.timers.ProcessingTimeService;
import io.sluice.task.TaskEnvironment;
import io.sluice.task.TaskInvokable;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one parallel instance of an operator chain: loads the chain from the vertex configuration,
 * opens it, drives its head — a source until its input ends, or the network input until every
 * channel delivered end-of-partition — then finishes and closes the operators. Between batches of
 * records the task runs its mailbox (timers, buffer-timeout flushes).
 *
 * <p>Cancellation sets a flag that the loops check between batches, so a task stops promptly
 * without relying on interruption; a cancelled task skips finish (nothing is committed), closes
 * its operators, and ends with a {@link CancellationException}.
 */
public final class StreamTask implements TaskInvokable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamTask.class);

    private final TaskEnvironment env;
    private volatile boolean cancelled;
    private volatile TaskMailbox mailbox;
    /** Set once the operators are open; checkpoint triggers before that are declined. */
    private volatile SubtaskCheckpointCoordinator checkpoints;

    public StreamTask(TaskEnvironment env) {
        this.env = env;
    }

    @Override
    public void invoke() throws Exception {
        // libraries that load classes by name (Hadoop FileSystem, user code) look at the context class loader
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(env.userClassLoader());
        try {
            run();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private void run() throws Exception {
        String task = env.taskNameWithSubtask();
        StreamTaskConfig config = StreamTaskConfig.fromBytes(env.invokableConfiguration(), env.userClassLoader());
        TaskMailbox mailbox = new TaskMailbox();
        this.mailbox = mailbox;
        TaskNetwork network = env.network();
        Configuration jobConfig = Configuration.fromMap(env.jobConfiguration());
        Duration bufferTimeout = jobConfig.get(NetworkOptions.BUFFER_TIMEOUT);
        List<Class<?>> registered = ValueSerializer.loadTypes(jobConfig.get(NetworkOptions.REGISTERED_TYPES),
                env.userClassLoader());
        SystemProcessingTimeService timeService = new SystemProcessingTimeService(mailbox, task);
        OperatorChain chain;
        try {
            chain = OperatorChain.create(config, env, timeService, network,
                    () -> new StreamElementCodec(new ValueSerializer(env.userClassLoader(), registered)),
                    bufferTimeout.isZero());
        } catch (OperatorException e) {
            timeService.close();
            throw e;
        }
        LOG.info("{} starting{}", task, env.taskRestore() == null ? ""
                : " from checkpoint " + env.taskRestore().checkpointId());
        Exception failure = null;
        boolean finished = false;
        StreamInputProcessor input = null;
        SubtaskCheckpointCoordinator checkpointing = new SubtaskCheckpointCoordinator(chain, task, env.jobId(),
                env.subtaskIndex(), jobConfig, env.checkpointResponder());
        try {
            if (!chain.writers().isEmpty() && !bufferTimeout.isZero()) {
                scheduleFlush(chain, timeService, bufferTimeout.toMillis());
            }
            chain.initializeState(env.taskRestore());
            chain.open();
            this.checkpoints = checkpointing;
            long headWatermark = Long.MAX_VALUE;
            if (config.inputs().isEmpty()) {
                runSource(chain, mailbox);
            } else {
                if (network.gate() == null) {
                    throw new IllegalStateException("task " + task + " reads " + config.inputs().size()
                            + " network input(s) but was deployed without input channels; run jobs with network "
                            + "exchanges (keyBy, rebalance, union, ...) on a cluster (LocalClusterExecutor)");
                }
                boolean exactlyOnce = jobConfig.get(CheckpointingOptions.MODE)
                        == io.sluice.api.checkpoint.CheckpointingMode.EXACTLY_ONCE;
                input = new StreamInputProcessor(network, config.inputs(), chain.head(), chain.headContext(),
                        new StreamElementCodec(new ValueSerializer(env.userClassLoader(), registered)), checkpointing,
                        exactlyOnce);
                network.gate().setAvailabilityListener(mailbox::wakeUp);
                network.gate().requestPartitions();
                runInput(input, mailbox);
                headWatermark = input.headWatermark();
            }
            if (!cancelled) {
                chain.finish(headWatermark);
                finished = true;
            }
        } catch (Exception e) {
            failure = e;
        } finally {
            this.checkpoints = null;
            checkpointing.close();
            timeService.close();
            if (input != null) {
                input.close();
            }
            OperatorException closeFailure = chain.close();
            if (closeFailure != null) {
                if (failure == null) {
                    failure = closeFailure;
                } else {
                    failure.addSuppressed(closeFailure);
                }
            }
        }
        if (cancelled && !finished) {
            LOG.info("{} cancelled", task);
            CancellationException cancellation = new CancellationException("task " + task + " was cancelled");
            if (failure != null) {
                cancellation.addSuppressed(failure);
            }
            throw cancellation;
        }
        if (failure != null) {
            LOG.info("{} failed: {}", task, failure.toString());
            throw failure;
        }
        LOG.info("{} finished", task);
    }

    /** Hands partly filled buffers to consumers every {@code millis} (the buffer timeout), on the task thread. */
    private void scheduleFlush(OperatorChain chain, ProcessingTimeService timeService, long millis) {
        timeService.registerTimer(timeService.getCurrentProcessingTime() + millis, time -> {
            chain.flushOutputs();
            if (!cancelled) {
                scheduleFlush(chain, timeService, millis);
            }
        });
    }

    private void runSource(OperatorChain chain, TaskMailbox mailbox) throws Exception {
        SourceOperator<?> source = chain.source();
        while (!cancelled) {
            mailbox.runAll();
            SourceOperator.Status status;
            try {
                status = source.emitNext();
            } catch (Exception e) {
                throw OperatorException.wrap(e, "", chain.sourceContext());
            }
            if (status == SourceOperator.Status.END_OF_INPUT) {
                return;
            }
        }
    }

    private void runInput(StreamInputProcessor input, TaskMailbox mailbox) throws Exception {
        while (!cancelled) {
            mailbox.runAll();
            StreamInputProcessor.Status status = input.processInput();
            if (status == StreamInputProcessor.Status.END_OF_INPUT) {
                return;
            }
            if (status == StreamInputProcessor.Status.NOTHING_AVAILABLE) {
                mailbox.awaitMail(100);
            }
        }
    }

    @Override
    public void triggerCheckpoint(long checkpointId, long timestamp) {
        TaskMailbox m = mailbox;
        if (m == null) {
            env.checkpointResponder().declineNotReady(checkpointId, "task " + env.taskNameWithSubtask()
                    + " is still starting");
            return;
        }
        // between two batches of the source, on the task thread; mail runs only once the operators are open
        m.put(() -> {
            SubtaskCheckpointCoordinator c = checkpoints;
            if (c == null) {
                env.checkpointResponder().declineNotReady(checkpointId, "task " + env.taskNameWithSubtask()
                        + " is not running");
                return;
            }
            c.checkpointOnBarrier(checkpointId, timestamp, 0);
        });
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        SubtaskCheckpointCoordinator c = checkpoints;
        TaskMailbox m = mailbox;
        if (c != null && m != null) {
            m.put(() -> c.notifyComplete(checkpointId));
        }
    }

    @Override
    public void notifyCheckpointAborted(long checkpointId) {
        SubtaskCheckpointCoordinator c = checkpoints;
        TaskMailbox m = mailbox;
        if (c != null && m != null) {
            m.put(() -> c.notifyAborted(checkpointId));
        }
    }

    /** Asks the task to stop; it closes its operators itself (which removes uncommitted output). */
    @Override
    public void cancel() {
        cancelled = true;
        TaskMailbox m = mailbox;
        if (m != null) {
            m.wakeUp();
        }
    }
}
