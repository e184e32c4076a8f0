package io.sluice.api.functions;

/**
 * Time and timers of a process function. Timers belong to the current key: registering the same
 * time twice for a key gives one timer; when it fires, {@code onTimer} runs with that key current.
 * Timers exist only on keyed streams.
 */
public interface TimerService {

    long currentProcessingTime();

    /** The last watermark the operator received; {@code Long.MIN_VALUE} before the first. */
    long currentWatermark();

    /** Fires when a watermark at or after {@code time} arrives. */
    void registerEventTimeTimer(long time);

    /** Fires when the clock reaches {@code time} (epoch milliseconds). */
    void registerProcessingTimeTimer(long time);

    void deleteEventTimeTimer(long time);

    void deleteProcessingTimeTimer(long time);
}
