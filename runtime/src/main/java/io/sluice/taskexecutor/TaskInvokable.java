package io.sluice.taskexecutor;

/**
 * The code of one parallel subtask. The TaskExecutor instantiates the class named by the job vertex
 * through the job's user class loader, with a public constructor taking a {@link TaskEnvironment},
 * calls {@link #invoke()} on the task thread, and {@link #cancel()} from another thread.
 */
public interface TaskInvokable {

    /** Runs the subtask to completion. Returns normally when all input is processed; throws on failure. */
    void invoke() throws Exception;

    /**
     * Asks the running {@link #invoke()} to stop soon. Called from another thread; the task thread is
     * interrupted afterwards. Must also release resources that invoke() would otherwise leave behind.
     */
    void cancel() throws Exception;
}
