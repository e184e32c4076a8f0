package io.sluice.api.connector.sink;

import io.sluice.api.connector.ConnectorContext;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * Where records leave a job. Each parallel instance writes through its own {@link SinkWriter}; with
 * checkpoints on, the writer's two-phase commit makes the output exactly once: it prepares at each
 * checkpoint what it wrote since the last one ({@link SinkWriter#prepareCommit}), makes it visible
 * when that checkpoint completes ({@link SinkWriter#commit}), and after a restore finishes what the
 * restored checkpoint had prepared and drops what was written after it ({@link #createWriter}).
 *
 * @param <T>     the records the sink writes
 * @param <State> what a writer checkpoints (e.g. the files or the transaction to commit); serializable
 */
public interface Sink<T, State extends Serializable> extends Serializable {

    /**
     * A writer for one parallel instance. After a restore, {@code restored} holds what writers of
     * the restored checkpoint returned from {@link SinkWriter#prepareCommit} for this instance; the
     * writer must commit those (they may be committed already: commits must be idempotent) and
     * remove anything written after them. On a fresh start it is empty.
     */
    SinkWriter<T, State> createWriter(ConnectorContext context, List<State> restored) throws Exception;

    /**
     * Checks the sink against the job's own settings when the job is built, before anything runs
     * (e.g. a transaction timeout against the checkpoint interval). Throw
     * {@link io.sluice.api.InvalidJobException} with the reason and what to change to refuse the job.
     *
     * @param jobConfiguration the settings the job sets itself (not the cluster's)
     */
    default void validate(Map<String, String> jobConfiguration) {
    }
}
