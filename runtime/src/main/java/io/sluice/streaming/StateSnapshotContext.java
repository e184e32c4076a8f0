package io.sluice.streaming;

import io.sluice.state.KeyGroupRange;
import io.sluice.state.OperatorListState;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects what one operator instance puts into a checkpoint during the synchronous part (on the task
 * thread, between two records): small list states as they are, and at most one keyed state writer
 * that runs afterwards off the task thread while records flow again.
 */
public final class StateSnapshotContext {

    /** Writes keyed state off the task thread; must only read what the synchronous part froze. */
    public interface AsyncStateWriter {
        void writeTo(OutputStream out) throws IOException;

        /** The checkpoint is abandoned: stop early and release what was frozen for it. */
        default void cancel() {
        }
    }

    private final long checkpointId;
    private final long timestamp;
    private final List<OperatorListState> lists = new ArrayList<>();
    private KeyGroupRange keyGroups;
    private AsyncStateWriter keyedWriter;

    public StateSnapshotContext(long checkpointId, long timestamp) {
        this.checkpointId = checkpointId;
        this.timestamp = timestamp;
    }

    public long checkpointId() {
        return checkpointId;
    }

    public long timestamp() {
        return timestamp;
    }

    public void addListState(OperatorListState state) {
        lists.add(state);
    }

    public void addListStates(List<OperatorListState> states) {
        lists.addAll(states);
    }

    public void setKeyedState(KeyGroupRange range, AsyncStateWriter writer) {
        if (keyedWriter != null) {
            throw new IllegalStateException("an operator has one keyed state backend");
        }
        this.keyGroups = range;
        this.keyedWriter = writer;
    }

    List<OperatorListState> lists() {
        return lists;
    }

    KeyGroupRange keyGroups() {
        return keyGroups;
    }

    AsyncStateWriter keyedWriter() {
        return keyedWriter;
    }
}
