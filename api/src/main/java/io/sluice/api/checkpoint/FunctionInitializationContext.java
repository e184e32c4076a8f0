package io.sluice.api.checkpoint;

import io.sluice.api.functions.KeyedStateStore;
import java.util.OptionalLong;

/** What {@link CheckpointedFunction#initializeState} gets: the state stores and whether state was restored. */
public interface FunctionInitializationContext {

    /** True when the job restores from a checkpoint (also when this instance's share of it is empty). */
    boolean isRestored();

    /** The checkpoint restored from, when {@link #isRestored()}. */
    OptionalLong getRestoredCheckpointId();

    OperatorStateStore getOperatorStateStore();

    /** Keyed state, for functions on a keyed stream; null otherwise. */
    KeyedStateStore getKeyedStateStore();
}
