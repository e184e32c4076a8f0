package io.sluice.api.connector.sink;

import java.io.Serializable;
import java.util.List;

/**
 * Writes the records of one parallel instance of a {@link Sink}. Every call comes from the task's
 * own thread, so a writer needs no locks.
 */
public interface SinkWriter<T, State extends Serializable> extends AutoCloseable {

    void write(T record) throws Exception;

    /**
     * At checkpoint {@code checkpointId}: makes what was written since the last checkpoint durable but
     * not yet visible (close a file under a pending name, flush a transaction) and returns what the
     * checkpoint stores: what {@link #commit} needs, and what a restored writer needs to finish it.
     */
    List<State> prepareCommit(long checkpointId) throws Exception;

    /**
     * Checkpoint {@code checkpointId} completed: makes visible everything prepared up to it. Completion
     * notices are best effort (one may be skipped), so commit everything prepared up to that id.
     */
    void commit(long checkpointId) throws Exception;

    /** The input ended: makes everything written visible; no checkpoint follows. */
    void finish() throws Exception;

    /** Called once, also after a failure: discards what was written but not prepared. */
    @Override
    void close() throws Exception;
}
