package io.sluice.streaming;

import io.sluice.taskexecutor.TaskEnvironment;
import io.sluice.taskexecutor.TaskInvokable;
import java.util.concurrent.CancellationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one parallel instance of an operator chain: loads the chain from the vertex configuration,
 * opens it, drives the source until its input ends, then finishes and closes the operators.
 *
 * <p>Cancellation sets a flag that the source loop checks between batches, so a task stops
 * promptly without relying on interruption; a cancelled task skips finish (nothing is committed),
 * closes its operators, and ends with a {@link CancellationException}.
 */
public final class StreamTask implements TaskInvokable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamTask.class);

    private final TaskEnvironment env;
    private volatile boolean cancelled;

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
        SystemProcessingTimeService timeService = new SystemProcessingTimeService(mailbox, task);
        OperatorChain chain;
        try {
            chain = OperatorChain.create(config, env, timeService);
        } catch (OperatorException e) {
            timeService.close();
            throw e;
        }
        LOG.info("{} starting", task);
        Exception failure = null;
        boolean finished = false;
        try {
            chain.open();
            runSource(chain, mailbox);
            if (!cancelled) {
                chain.finish();
                finished = true;
            }
        } catch (Exception e) {
            failure = e;
        } finally {
            timeService.close();
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

    private void runSource(OperatorChain chain, TaskMailbox mailbox) throws OperatorException {
        SourceOperator<?> source = chain.source();
        try {
            while (!cancelled) {
                mailbox.runAll();
                if (source.emitNext() == SourceOperator.Status.END_OF_INPUT) {
                    return;
                }
            }
        } catch (Exception e) {
            throw OperatorException.wrap(e, "", chain.sourceContext());
        }
    }

    /** Asks the task to stop; it closes its operators itself (which removes uncommitted output). */
    @Override
    public void cancel() {
        cancelled = true;
    }
}
