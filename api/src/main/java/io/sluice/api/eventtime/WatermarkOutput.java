package io.sluice.api.eventtime;

/** Where a {@link WatermarkGenerator} reports event-time progress and idleness. */
public interface WatermarkOutput {

    /** Emits a watermark unless it does not advance event time. Also marks the stream active. */
    void emitWatermark(Watermark watermark);

    /** The stream has no data for now: downstream operators stop waiting for its watermarks. */
    void markIdle();

    /** The stream has data again. */
    void markActive();
}
