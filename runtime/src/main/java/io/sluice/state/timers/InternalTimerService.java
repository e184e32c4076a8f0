package io.sluice.state.timers;

/**
 * Timers of a keyed operator, for the current key and a namespace. Registering a timer that
 * exists (same key, namespace and time) is a no-op; deleting one that does not exist too.
 */
public interface InternalTimerService<N> {

    long currentProcessingTime();

    /** The operator's event time: the last watermark it received, {@code Long.MIN_VALUE} before the first. */
    long currentWatermark();

    void registerEventTimeTimer(N namespace, long time);

    void deleteEventTimeTimer(N namespace, long time);

    void registerProcessingTimeTimer(N namespace, long time);

    void deleteProcessingTimeTimer(N namespace, long time);
}
