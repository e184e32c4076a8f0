package io.sluice.streaming;

/**
 * The event time of one logical input: the minimum watermark over its channels. Idle channels
 * (marked through watermark status events) and finished channels are left out, so one silent or
 * ended producer does not hold event time back. Emits only when the minimum advances.
 */
final class StatusWatermarkValve {

    /** Returned when the combined watermark did not advance. */
    static final long NO_CHANGE = Long.MIN_VALUE;

    private final long[] watermarks;
    private final boolean[] excluded;
    private final boolean[] idle;
    private long lastEmitted = Long.MIN_VALUE;

    StatusWatermarkValve(int channels) {
        watermarks = new long[channels];
        excluded = new boolean[channels];
        idle = new boolean[channels];
        java.util.Arrays.fill(watermarks, Long.MIN_VALUE);
    }

    /** A watermark arrived on {@code channel}; returns the new combined watermark or {@link #NO_CHANGE}. */
    long inputWatermark(int channel, long timestamp) {
        if (timestamp > watermarks[channel]) {
            watermarks[channel] = timestamp;
        }
        if (idle[channel]) {
            idle[channel] = false; // a watermark means the channel is active again
            excluded[channel] = false;
        }
        return advance();
    }

    long markIdle(int channel, boolean isIdle) {
        idle[channel] = isIdle;
        excluded[channel] = isIdle;
        return advance();
    }

    /** The channel ended: it no longer holds event time back. */
    long channelFinished(int channel) {
        excluded[channel] = true;
        return advance();
    }

    /**
     * True when every channel that has not finished is idle (and one has not finished): the whole
     * input is idle, and its consumers should leave it out of their own minimum.
     */
    boolean isIdle() {
        boolean open = false;
        for (int i = 0; i < watermarks.length; i++) {
            if (idle[i]) {
                open = true;
            } else if (!excluded[i]) {
                return false;
            }
        }
        return open;
    }

    long lastEmitted() {
        return lastEmitted;
    }

    private long advance() {
        long min = Long.MAX_VALUE;
        boolean any = false;
        for (int i = 0; i < watermarks.length; i++) {
            if (!excluded[i]) {
                any = true;
                min = Math.min(min, watermarks[i]);
            }
        }
        if (!any || min <= lastEmitted) {
            return NO_CHANGE;
        }
        lastEmitted = min;
        return min;
    }
}
