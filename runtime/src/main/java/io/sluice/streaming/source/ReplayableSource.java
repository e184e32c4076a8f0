package io.sluice.streaming.source;

import java.io.Serializable;

/**
 * A source that can say how far it has read and start again from there: the hook checkpoints use to
 * make a restarted job replay exactly the records after the last snapshot.
 *
 * <p>The task takes the position between two {@code emitNext()} calls, when every record before it
 * has been handed to the output and none after it; restoring happens after {@code setup} and before
 * {@code open}, in a new instance built from the same job (same parallelism and subtask index).
 *
 * @param <P> the position: a small serializable record, stored in checkpoints
 */
public interface ReplayableSource<P extends Serializable> {

    /** Where this parallel instance stands: everything before it has been emitted, nothing after it. */
    P currentPosition();

    /** Makes {@code open} resume at {@code position} (taken from an instance of the same subtask). */
    void restorePosition(P position);
}
