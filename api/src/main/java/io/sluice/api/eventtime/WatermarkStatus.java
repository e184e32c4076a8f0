package io.sluice.api.eventtime;

import java.io.Serializable;

/**
 * Whether a stream (an input channel, downstream) currently produces watermarks. An IDLE stream is
 * left out of the minimum an operator with several inputs takes over its input watermarks, so an
 * idle source partition does not hold event time back; it becomes ACTIVE again with its next
 * record or watermark. Travels in-band like watermarks ({@code Output.emitWatermarkStatus}).
 */
public record WatermarkStatus(boolean idle) implements Serializable {

    public static final WatermarkStatus IDLE = new WatermarkStatus(true);
    public static final WatermarkStatus ACTIVE = new WatermarkStatus(false);

    public boolean isActive() {
        return !idle;
    }
}
