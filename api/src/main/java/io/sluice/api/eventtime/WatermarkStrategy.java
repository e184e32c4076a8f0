package io.sluice.api.eventtime;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How a stream gets event timestamps and watermarks: a {@link TimestampAssigner} plus a
 * {@link WatermarkGenerator}, created once per parallel instance. Applied with
 * {@code DataStream.assignTimestampsAndWatermarks(strategy)}.
 *
 * <pre>{@code
 * WatermarkStrategy.<Event>forBoundedOutOfOrderness(Duration.ofSeconds(5))
 *         .withTimestampAssigner((event, previous) -> event.time())
 *         .withIdleness(Duration.ofMinutes(1))
 * }</pre>
 */
@FunctionalInterface
public interface WatermarkStrategy<T> extends Serializable {

    /** What a generator may ask of its task. */
    interface Context {
        /** Current processing time (epoch milliseconds) of the task. */
        long currentProcessingTime();
    }

    WatermarkGenerator<T> createWatermarkGenerator(Context context);

    /** By default records keep the timestamp they already carry. */
    default TimestampAssigner<T> createTimestampAssigner() {
        return (element, recordTimestamp) -> recordTimestamp;
    }

    /** This strategy with timestamps taken from each record by {@code assigner}. */
    default WatermarkStrategy<T> withTimestampAssigner(SerializableTimestampAssigner<T> assigner) {
        return new WithTimestampAssigner<>(this, Objects.requireNonNull(assigner, "timestamp assigner must not be null"));
    }

    /** This strategy, marking the stream idle after {@code idleTimeout} without records. */
    default WatermarkStrategy<T> withIdleness(Duration idleTimeout) {
        return new WithIdleness<>(this, idleTimeout);
    }

    /** Watermarks trail the highest timestamp seen by {@code maxOutOfOrderness}. */
    static <T> WatermarkStrategy<T> forBoundedOutOfOrderness(Duration maxOutOfOrderness) {
        Objects.requireNonNull(maxOutOfOrderness, "out-of-orderness bound must not be null");
        new BoundedOutOfOrdernessWatermarks<T>(maxOutOfOrderness); // validate on the client
        return context -> new BoundedOutOfOrdernessWatermarks<>(maxOutOfOrderness);
    }

    /** For timestamps that never decrease within a parallel instance: the watermark follows the highest one. */
    static <T> WatermarkStrategy<T> forMonotonousTimestamps() {
        return context -> new BoundedOutOfOrdernessWatermarks<>(Duration.ZERO);
    }

    /** Timestamps only, no watermarks (event time does not advance until the end of input). */
    static <T> WatermarkStrategy<T> noWatermarks() {
        return context -> new WatermarkGenerator<>() {
            @Override
            public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
            }

            @Override
            public void onPeriodicEmit(WatermarkOutput output) {
            }
        };
    }

    /** A strategy from a generator factory of your own. */
    static <T> WatermarkStrategy<T> forGenerator(WatermarkStrategy<T> generatorFactory) {
        return generatorFactory;
    }

    /** See {@link #withTimestampAssigner}. */
    record WithTimestampAssigner<T>(WatermarkStrategy<T> base, SerializableTimestampAssigner<T> assigner)
            implements WatermarkStrategy<T> {

        @Override
        public WatermarkGenerator<T> createWatermarkGenerator(Context context) {
            return base.createWatermarkGenerator(context);
        }

        @Override
        public TimestampAssigner<T> createTimestampAssigner() {
            return assigner;
        }
    }

    /** See {@link #withIdleness}. */
    record WithIdleness<T>(WatermarkStrategy<T> base, Duration idleTimeout) implements WatermarkStrategy<T> {

        public WithIdleness {
            if (idleTimeout == null || idleTimeout.isZero() || idleTimeout.isNegative()) {
                throw new IllegalArgumentException("the idle timeout must be positive, was " + idleTimeout);
            }
        }

        @Override
        public WatermarkGenerator<T> createWatermarkGenerator(Context context) {
            return new WatermarksWithIdleness<>(base.createWatermarkGenerator(context), idleTimeout,
                    context::currentProcessingTime);
        }

        @Override
        public TimestampAssigner<T> createTimestampAssigner() {
            return base.createTimestampAssigner();
        }
    }
}
