package io.sluice.streaming.operators;

import io.sluice.api.eventtime.TimestampAssigner;
import io.sluice.api.eventtime.Watermark;
import io.sluice.api.eventtime.WatermarkGenerator;
import io.sluice.api.eventtime.WatermarkOutput;
import io.sluice.api.eventtime.WatermarkStatus;
import io.sluice.api.eventtime.WatermarkStrategy;
import io.sluice.config.Configuration;
import io.sluice.config.EventTimeOptions;
import io.sluice.config.IllegalConfigurationException;
import io.sluice.network.StreamRecord;
import io.sluice.state.timers.ProcessingTimeCallback;
import io.sluice.state.timers.ProcessingTimeService;
import io.sluice.streaming.AbstractStreamOperator;
import io.sluice.streaming.OneInputOperator;
import java.time.Duration;
import java.util.Objects;

/**
 * Stamps each record with the timestamp from the strategy's assigner and emits the generator's
 * watermarks: per event, and every {@code pipeline.auto-watermark-interval} through a
 * processing-time timer (which runs on the task thread). Watermarks only move forward.
 *
 * <p>Watermarks from upstream are dropped (this operator defines event time from here on), except
 * the final one at the end of input, which is forwarded so every window downstream fires.
 */
public final class TimestampsAndWatermarksOperator<T> extends AbstractStreamOperator<T>
        implements OneInputOperator<T, T>, ProcessingTimeCallback {

    private static final long serialVersionUID = 1L;

    private final WatermarkStrategy<T> strategy;

    private transient TimestampAssigner<T> assigner;
    private transient WatermarkGenerator<T> generator;
    private transient Output watermarkOutput;
    private transient long intervalMillis;
    private transient ProcessingTimeService.Cancellable timer;
    private transient boolean closed;

    public TimestampsAndWatermarksOperator(WatermarkStrategy<T> strategy) {
        this.strategy = Objects.requireNonNull(strategy, "watermark strategy must not be null");
    }

    @Override
    public void open() throws Exception {
        ProcessingTimeService time = context.processingTimeService();
        assigner = strategy.createTimestampAssigner();
        generator = strategy.createWatermarkGenerator(time::getCurrentProcessingTime);
        watermarkOutput = new Output();
        intervalMillis = interval().toMillis();
        if (intervalMillis > 0) {
            timer = time.registerTimer(time.getCurrentProcessingTime() + intervalMillis, this);
        }
    }

    private Duration interval() {
        try {
            return Configuration.fromMap(context.jobConfiguration()).get(EventTimeOptions.AUTO_WATERMARK_INTERVAL);
        } catch (IllegalConfigurationException | IllegalArgumentException e) {
            throw new IllegalConfigurationException("invalid " + EventTimeOptions.AUTO_WATERMARK_INTERVAL.key() + ": "
                    + e.getMessage() + " (expected a duration such as '200 ms')");
        }
    }

    @Override
    public void processElement(StreamRecord<T> record) throws Exception {
        T value = record.getValue();
        long timestamp = assigner.extractTimestamp(value, record.hasTimestamp() ? record.getTimestamp()
                : TimestampAssigner.NO_TIMESTAMP);
        record.setTimestamp(timestamp);
        output.collect(record);
        generator.onEvent(value, timestamp, watermarkOutput);
        watermarkOutput.rethrow();
    }

    @Override
    public void onProcessingTime(long time) throws Exception {
        if (closed) {
            return;
        }
        generator.onPeriodicEmit(watermarkOutput);
        watermarkOutput.rethrow();
        long now = context.processingTimeService().getCurrentProcessingTime();
        timer = context.processingTimeService().registerTimer(Math.max(now, time) + intervalMillis, this);
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        if (mark.timestamp() == Long.MAX_VALUE) {
            watermarkOutput.emitWatermark(mark);
            watermarkOutput.rethrow();
        }
    }

    @Override
    public void processWatermarkStatus(WatermarkStatus status) {
        // idleness is decided here by the generator, not inherited from upstream
    }

    @Override
    public void close() {
        closed = true;
        if (timer != null) {
            timer.cancel();
        }
    }

    /** Keeps watermarks monotonic and idleness changes edge-triggered. */
    private final class Output implements WatermarkOutput {

        private long lastWatermark = Long.MIN_VALUE;
        private boolean idle;
        private Exception failure;

        @Override
        public void emitWatermark(Watermark watermark) {
            if (watermark.timestamp() <= lastWatermark) {
                return;
            }
            lastWatermark = watermark.timestamp();
            try {
                if (idle) {
                    idle = false;
                    output.emitWatermarkStatus(WatermarkStatus.ACTIVE);
                }
                output.emitWatermark(watermark);
            } catch (Exception e) {
                fail(e);
            }
        }

        @Override
        public void markIdle() {
            if (!idle) {
                idle = true;
                try {
                    output.emitWatermarkStatus(WatermarkStatus.IDLE);
                } catch (Exception e) {
                    fail(e);
                }
            }
        }

        @Override
        public void markActive() {
            if (idle) {
                idle = false;
                try {
                    output.emitWatermarkStatus(WatermarkStatus.ACTIVE);
                } catch (Exception e) {
                    fail(e);
                }
            }
        }

        // WatermarkOutput cannot throw checked exceptions; downstream failures are rethrown after the generator returns
        private void fail(Exception e) {
            if (failure == null) {
                failure = e;
            }
        }

        void rethrow() throws Exception {
            if (failure != null) {
                Exception e = failure;
                failure = null;
                throw e;
            }
        }
    }
}
