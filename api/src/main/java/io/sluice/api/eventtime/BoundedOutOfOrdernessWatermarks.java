package io.sluice.api.eventtime;

import java.time.Duration;

/**
 * Watermarks that trail the highest timestamp seen by a fixed bound: events may arrive up to
 * {@code maxOutOfOrderness} late (by event time) without being late for windows. The watermark is
 * {@code maxTimestamp - maxOutOfOrderness - 1}, emitted periodically.
 */
public class BoundedOutOfOrdernessWatermarks<T> implements WatermarkGenerator<T> {

    private final long outOfOrdernessMillis;
    private long maxTimestamp;

    public BoundedOutOfOrdernessWatermarks(Duration maxOutOfOrderness) {
        if (maxOutOfOrderness == null || maxOutOfOrderness.isNegative()) {
            throw new IllegalArgumentException("the out-of-orderness bound must be zero or positive, was " + maxOutOfOrderness);
        }
        this.outOfOrdernessMillis = maxOutOfOrderness.toMillis();
        // the first watermark stays at the minimum until an event arrives, without overflowing below it
        this.maxTimestamp = Long.MIN_VALUE + outOfOrdernessMillis + 1;
    }

    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
        maxTimestamp = Math.max(maxTimestamp, eventTimestamp);
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        output.emitWatermark(new Watermark(maxTimestamp - outOfOrdernessMillis - 1));
    }
}
