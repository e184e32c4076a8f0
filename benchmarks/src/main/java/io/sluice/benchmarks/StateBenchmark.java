package io.sluice.benchmarks;

import io.sluice.api.OutputTag;
import io.sluice.api.common.JobId;
import io.sluice.api.eventtime.Watermark;
import io.sluice.api.functions.aggregation.FieldAggregator;
import io.sluice.api.state.ReducingStateDescriptor;
import io.sluice.api.state.ValueState;
import io.sluice.api.state.ValueStateDescriptor;
import io.sluice.api.tuple.Tuple2;
import io.sluice.api.windowing.assigners.TumblingEventTimeWindows;
import io.sluice.api.windowing.windows.TimeWindow;
import io.sluice.network.StreamRecord;
import io.sluice.state.HeapKeyedStateBackend;
import io.sluice.state.KeyGroupRange;
import io.sluice.streaming.ManualProcessingTimeService;
import io.sluice.streaming.OperatorContext;
import io.sluice.streaming.Output;
import io.sluice.streaming.operators.InternalWindowFunction;
import io.sluice.streaming.operators.KeyedReduceOperator;
import io.sluice.streaming.operators.WindowOperator;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The keyed-state hot paths on one thread, without network or serialization:
 *
 * <ul>
 *   <li>{@link #valueStateGetUpdate}: set the current key, read and update a {@code ValueState<Long>}
 *       (the per-record work of a keyed counter).</li>
 *   <li>{@link #keyedSum}: the operator behind {@code keyBy(t -> t.f0()).sum(1)} on
 *       {@code Tuple2<Long, Long>}: key extraction, key group, state read/update, a new tuple, emit.
 *       This is the per-record cost of the keyed-count benchmark job after the shuffle.</li>
 *   <li>{@link #tumblingWindowSum}: {@code window(TumblingEventTimeWindows.of(1 s)).sum(1)} with
 *       timestamps 1 ms apart and a watermark every 1000 records, so every window fires and is cleaned
 *       up during the run (windows' state, trigger and cleanup timers included).</li>
 * </ul>
 * Each invocation processes 1000 records; throughput is reported per record.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class StateBenchmark {

    static final int BATCH = 1000;

    @Param({"10000"})
    public int keys;

    private HeapKeyedStateBackend<Long> backend;
    private ValueState<Long> count;
    private Long[] keyObjects;

    private KeyedReduceOperator<Long, Tuple2<Long, Long>> sum;
    private WindowOperator<Long, Tuple2<Long, Long>, Tuple2<Long, Long>, Tuple2<Long, Long>, TimeWindow> window;
    private final StreamRecord<Tuple2<Long, Long>> record = new StreamRecord<>(null);
    private Tuple2<Long, Long>[] tuples;
    private long next;
    private long eventTime;

    /** Hands records to the blackhole, as a chained discard sink would. */
    static final class BlackholeOutput<T> implements Output<T> {
        Blackhole blackhole;

        @Override
        public void collect(StreamRecord<T> r) {
            blackhole.consume(r.getValue());
        }

        @Override
        public void emitWatermark(Watermark mark) {
            blackhole.consume(mark);
        }

        @Override
        public <X> void collect(OutputTag<X> tag, StreamRecord<X> r) {
            blackhole.consume(r);
        }
    }

    private final BlackholeOutput<Tuple2<Long, Long>> sumOutput = new BlackholeOutput<>();
    private final BlackholeOutput<Tuple2<Long, Long>> windowOutput = new BlackholeOutput<>();

    @Setup
    @SuppressWarnings("unchecked")
    public void setUp() throws Exception {
        backend = new HeapKeyedStateBackend<>(128, new KeyGroupRange(0, 127), getClass().getClassLoader());
        count = backend.getState(new ValueStateDescriptor<>("count", Long.class));
        keyObjects = new Long[keys];
        tuples = new Tuple2[keys];
        for (int i = 0; i < keys; i++) {
            keyObjects[i] = (long) i;
            tuples[i] = Tuple2.of((long) i, 1L);
        }
        OperatorContext context = new OperatorContext("0123456789abcdef0123456789abcdef", "benchmark", "benchmark (1/1)#0",
                0, 1, 128, 0, new JobId(1, 2), "benchmark", Map.of(), getClass().getClassLoader(),
                new ManualProcessingTimeService());
        sum = new KeyedReduceOperator<>(t -> t.f0(), FieldAggregator.byPosition(FieldAggregator.Kind.SUM, 1));
        sum.setup(context, sumOutput);
        sum.open();
        window = new WindowOperator<>(t -> t.f0(), TumblingEventTimeWindows.of(Duration.ofSeconds(1)),
                io.sluice.api.windowing.triggers.EventTimeTrigger.create(),
                new ReducingStateDescriptor<>("_window-contents", FieldAggregator.byPosition(FieldAggregator.Kind.SUM, 1)),
                InternalWindowFunction.passThrough(), 0, null, null);
        window.setup(context, windowOutput);
        window.open();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void valueStateGetUpdate(Blackhole blackhole) {
        for (int i = 0; i < BATCH; i++) {
            backend.setCurrentKey(keyObjects[(int) (next++ % keys)]);
            Long c = count.value();
            count.update(c == null ? 1L : c + 1);
        }
        blackhole.consume(next);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void keyedSum(Blackhole blackhole) throws Exception {
        sumOutput.blackhole = blackhole;
        for (int i = 0; i < BATCH; i++) {
            sum.processElement(record.replace(tuples[(int) (next++ % keys)]));
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void tumblingWindowSum(Blackhole blackhole) throws Exception {
        windowOutput.blackhole = blackhole;
        for (int i = 0; i < BATCH; i++) {
            window.processElement(record.replace(tuples[(int) (next++ % keys)], eventTime++));
        }
        window.processWatermark(new Watermark(eventTime - 1));
    }
}
