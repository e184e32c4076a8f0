package io.sluice.api.eventtime;

import java.io.Serializable;

/**
 * Event-time progress: no record with a timestamp at or below {@code timestamp} is expected any more.
 * Travels in-band with records; an operator with several inputs takes the minimum over its inputs.
 */
public record Watermark(long timestamp) implements Serializable {

    /** Emitted when an input ends: all event-time timers fire. */
    public static final Watermark MAX_WATERMARK = new Watermark(Long.MAX_VALUE);

    /** Event time before any watermark has arrived. */
    public static final Watermark UNINITIALIZED = new Watermark(Long.MIN_VALUE);
}
