package io.sluice.api.windowing.assigners;

import io.sluice.api.windowing.triggers.Trigger;
import io.sluice.api.windowing.windows.Window;
import java.io.Serializable;
import java.util.Collection;

/** Puts each record into zero or more windows; also says which trigger fires them by default. */
public abstract class WindowAssigner<T, W extends Window> implements Serializable {

    private static final long serialVersionUID = 1L;

    /** What an assigner may ask of the operator. */
    public interface WindowAssignerContext {
        long getCurrentProcessingTime();
    }

    /**
     * @param timestamp the record's event timestamp, {@code Long.MIN_VALUE} if it has none
     */
    public abstract Collection<W> assignWindows(T element, long timestamp, WindowAssignerContext context);

    public abstract Trigger<T, W> getDefaultTrigger();

    /** Whether windows end with event time (watermarks) rather than processing time. */
    public abstract boolean isEventTime();

    static long checkTimestamp(long timestamp) {
        if (timestamp == Long.MIN_VALUE) {
            throw new IllegalStateException("a record has no event timestamp, but an event-time window needs one: "
                    + "call assignTimestampsAndWatermarks(...) before keyBy/window, or use a processing-time window");
        }
        return timestamp;
    }

    static long millis(java.time.Duration duration, String what) {
        if (duration == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        return duration.toMillis();
    }
}
