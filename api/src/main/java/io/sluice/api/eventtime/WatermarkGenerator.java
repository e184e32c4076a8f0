package io.sluice.api.eventtime;

/**
 * Produces watermarks for one parallel instance of a stream: from each event ({@link #onEvent},
 * for punctuated watermarks) and periodically ({@link #onPeriodicEmit}, every
 * {@code pipeline.auto-watermark-interval}).
 */
public interface WatermarkGenerator<T> {

    void onEvent(T event, long eventTimestamp, WatermarkOutput output);

    void onPeriodicEmit(WatermarkOutput output);
}
