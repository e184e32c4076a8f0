package io.sluice.api.functions;

/** Whether a timer fired because event time (watermarks) or processing time (the clock) reached it. */
public enum TimeDomain {
    EVENT_TIME,
    PROCESSING_TIME
}
