package io.sluice.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StatusWatermarkValveTest {

    private static final long NONE = StatusWatermarkValve.NO_CHANGE;

    @Test
    void emitsTheMinimumOverChannelsOnlyWhenItAdvances() {
        StatusWatermarkValve valve = new StatusWatermarkValve(3);
        assertEquals(NONE, valve.inputWatermark(0, 10));
        assertEquals(NONE, valve.inputWatermark(1, 20));
        assertEquals(5, valve.inputWatermark(2, 5));
        assertEquals(NONE, valve.inputWatermark(2, 4), "watermarks never go back");
        assertEquals(10, valve.inputWatermark(2, 30));
        assertEquals(NONE, valve.inputWatermark(1, 25));
        assertEquals(25, valve.inputWatermark(0, 40));
    }

    @Test
    void idleAndFinishedChannelsDoNotHoldEventTimeBack() {
        StatusWatermarkValve valve = new StatusWatermarkValve(2);
        valve.inputWatermark(0, 100);
        assertEquals(100, valve.markIdle(1, true));
        assertEquals(NONE, valve.inputWatermark(1, 50), "an active-again channel behind the emitted time adds nothing");
        assertEquals(NONE, valve.inputWatermark(0, 120), "channel 1 (at 50) holds event time again");
        assertEquals(120, valve.inputWatermark(1, 130));
        StatusWatermarkValve ending = new StatusWatermarkValve(2);
        ending.inputWatermark(0, 7);
        assertEquals(7, ending.channelFinished(1));
        assertEquals(NONE, ending.channelFinished(0), "nothing left to combine");
    }

    @Test
    void inputIsIdleWhenAllOpenChannelsAreIdle() {
        StatusWatermarkValve valve = new StatusWatermarkValve(2);
        assertEquals(false, valve.isIdle());
        valve.markIdle(0, true);
        assertEquals(false, valve.isIdle());
        valve.markIdle(1, true);
        assertEquals(true, valve.isIdle());
        valve.inputWatermark(1, 10);
        assertEquals(false, valve.isIdle(), "a watermark makes the channel active again");
        valve.channelFinished(1);
        assertEquals(true, valve.isIdle(), "the only open channel is idle");
    }
}
