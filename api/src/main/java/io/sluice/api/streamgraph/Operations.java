package io.sluice.api.streamgraph;

import io.sluice.api.OutputTag;
import io.sluice.api.connector.sink.Sink;
import io.sluice.api.connector.source.Source;
import io.sluice.api.eventtime.WatermarkStrategy;
import io.sluice.api.functions.AggregateFunction;
import io.sluice.api.functions.CoFlatMapFunction;
import io.sluice.api.functions.CoMapFunction;
import io.sluice.api.functions.FilterFunction;
import io.sluice.api.functions.FlatMapFunction;
import io.sluice.api.functions.KeySelector;
import io.sluice.api.functions.KeyedProcessFunction;
import io.sluice.api.functions.MapFunction;
import io.sluice.api.functions.ProcessFunction;
import io.sluice.api.functions.ReduceFunction;
import io.sluice.api.windowing.ProcessWindowFunction;
import io.sluice.api.windowing.assigners.WindowAssigner;
import io.sluice.api.windowing.evictors.Evictor;
import io.sluice.api.windowing.triggers.Trigger;
import java.util.Objects;

/** The operations the API builds; each holds only what the user gave. */
public final class Operations {

    private Operations() {
    }

    /** Reads a public {@link Source}. */
    public record FromSource<T>(Source<T, ?> source) implements Operation {
        public FromSource {
            Objects.requireNonNull(source, "source must not be null");
        }
    }

    public record Map<IN, OUT>(MapFunction<IN, OUT> function) implements Operation {
    }

    public record Filter<T>(FilterFunction<T> function) implements Operation {
    }

    public record FlatMap<IN, OUT>(FlatMapFunction<IN, OUT> function) implements Operation {
    }

    public record Process<IN, OUT>(ProcessFunction<IN, OUT> function) implements Operation {
    }

    public record AssignTimestampsAndWatermarks<T>(WatermarkStrategy<T> strategy) implements Operation {
    }

    /** A rich function on a keyed stream: it may use keyed state, scoped to the record's key. */
    public record KeyedFlatMap<T, K, OUT>(KeySelector<T, K> keySelector, FlatMapFunction<T, OUT> function)
            implements Operation {
    }

    /** Like {@link KeyedFlatMap}, for a map function. */
    public record KeyedMap<T, K, OUT>(KeySelector<T, K> keySelector, MapFunction<T, OUT> function) implements Operation {
    }

    public record KeyedReduce<T, K>(KeySelector<T, K> keySelector, ReduceFunction<T> function) implements Operation {
    }

    public record KeyedProcess<K, IN, OUT>(KeySelector<IN, K> keySelector, KeyedProcessFunction<K, IN, OUT> function)
            implements Operation {
    }

    /** Windows per key; {@code lateDataTag} may be null, {@code evictor} too. */
    public record Window<T, K>(KeySelector<T, K> keySelector, WindowAssigner<? super T, ?> assigner,
                               Trigger<? super T, ?> trigger, Evictor<? super T, ?> evictor,
                               long allowedLatenessMillis, OutputTag<T> lateDataTag, WindowFunction function)
            implements Operation {
    }

    /** What a window does with its contents when it fires. */
    public sealed interface WindowFunction permits ReduceWindow, AggregateWindow, ProcessWindow {
    }

    /** Reduces incrementally; {@code process} (may be null) sees the one result with the window. */
    public record ReduceWindow(ReduceFunction<?> reduce, ProcessWindowFunction<?, ?, ?, ?> process)
            implements WindowFunction {
    }

    /** Aggregates incrementally; {@code process} (may be null) sees the one result with the window. */
    public record AggregateWindow(AggregateFunction<?, ?, ?> aggregate, ProcessWindowFunction<?, ?, ?, ?> process)
            implements WindowFunction {
    }

    /** Keeps every element and hands them all to {@code process}. */
    public record ProcessWindow(ProcessWindowFunction<?, ?, ?, ?> process) implements WindowFunction {
    }

    public record CoMap<IN1, IN2, OUT>(CoMapFunction<IN1, IN2, OUT> function) implements Operation {
    }

    public record CoFlatMap<IN1, IN2, OUT>(CoFlatMapFunction<IN1, IN2, OUT> function) implements Operation {
    }

    /** Writes to a public {@link Sink}. */
    public record SinkTo<T>(Sink<T, ?> sink) implements Operation {
        public SinkTo {
            Objects.requireNonNull(sink, "sink must not be null");
        }
    }
}
