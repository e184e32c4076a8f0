package io.sluice.api.windowing.triggers;

import io.sluice.api.windowing.windows.Window;
import io.sluice.api.state.State;
import io.sluice.api.state.StateDescriptor;
import java.io.Serializable;

/**
 * Decides when a window is evaluated. Called for each record added to a window and for each timer
 * the trigger registered; state from {@link TriggerContext#getPartitionedState} is per key and window.
 */
public abstract class Trigger<T, W extends Window> implements Serializable {

    private static final long serialVersionUID = 1L;

    public abstract TriggerResult onElement(T element, long timestamp, W window, TriggerContext ctx) throws Exception;

    public abstract TriggerResult onProcessingTime(long time, W window, TriggerContext ctx) throws Exception;

    public abstract TriggerResult onEventTime(long time, W window, TriggerContext ctx) throws Exception;

    /** Whether this trigger supports merging windows (session windows). */
    public boolean canMerge() {
        return false;
    }

    /** Windows merged into {@code window}: merge trigger state and re-register timers. */
    public void onMerge(W window, OnMergeContext ctx) throws Exception {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not support merging windows");
    }

    /** The window is gone: delete the timers and state this trigger keeps for it. */
    public abstract void clear(W window, TriggerContext ctx) throws Exception;

    /** Time, timers and state of the trigger's key and window. */
    public interface TriggerContext {

        long getCurrentProcessingTime();

        long getCurrentWatermark();

        void registerProcessingTimeTimer(long time);

        void registerEventTimeTimer(long time);

        void deleteProcessingTimeTimer(long time);

        void deleteEventTimeTimer(long time);

        /** State of this key and window. */
        <S extends State> S getPartitionedState(StateDescriptor<S> descriptor);
    }

    /** The context of {@link #onMerge}. */
    public interface OnMergeContext extends TriggerContext {

        /** Combines the state of the merged windows into the new window (reducing, aggregating and list state). */
        <S extends State> void mergePartitionedState(StateDescriptor<S> descriptor) throws Exception;
    }
}
