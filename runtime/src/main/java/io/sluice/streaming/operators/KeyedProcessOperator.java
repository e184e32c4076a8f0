package io.sluice.streaming.operators;

import io.sluice.api.OutputTag;
import io.sluice.api.functions.KeySelector;
import io.sluice.api.functions.KeyedProcessFunction;
import io.sluice.api.functions.TimeDomain;
import io.sluice.api.functions.TimerService;
import io.sluice.network.StreamRecord;
import io.sluice.state.VoidNamespace;
import io.sluice.state.timers.InternalTimer;
import io.sluice.state.timers.InternalTimerService;
import io.sluice.state.timers.Triggerable;
import java.util.Objects;

/** Runs a {@link KeyedProcessFunction}: keyed state, event- and processing-time timers per key, side outputs. */
public final class KeyedProcessOperator<K, IN, OUT> extends AbstractKeyedOperator<K, IN, OUT>
        implements Triggerable<K, VoidNamespace> {

    private static final long serialVersionUID = 1L;

    private final KeyedProcessFunction<K, IN, OUT> function;

    @Override
    protected Object userFunction() {
        return function;
    }
    private transient TimestampedCollector<OUT> collector;
    private transient InternalTimerService<VoidNamespace> timers;
    private transient ContextImpl ctx;

    public KeyedProcessOperator(KeySelector<IN, K> keySelector, KeyedProcessFunction<K, IN, OUT> function) {
        super(keySelector);
        this.function = Objects.requireNonNull(function, "process function must not be null");
    }

    @Override
    public void open() throws Exception {
        collector = new TimestampedCollector<>(output);
        timers = getInternalTimerService("user-timers", this);
        ctx = new ContextImpl();
        UserFunctions.open(function, runtimeContext());
    }

    @Override
    protected void processKeyed(StreamRecord<IN> record) throws Exception {
        collector.setTimestampFrom(record);
        ctx.timestamp = record.hasTimestamp() ? record.getTimestamp() : null;
        ctx.domain = null;
        function.processElement(record.getValue(), ctx, collector);
    }

    @Override
    public void onEventTime(InternalTimer<K, VoidNamespace> timer) throws Exception {
        collector.setAbsoluteTimestamp(timer.getTimestamp());
        ctx.timestamp = timer.getTimestamp();
        ctx.domain = TimeDomain.EVENT_TIME;
        function.onTimer(timer.getTimestamp(), ctx, collector);
    }

    @Override
    public void onProcessingTime(InternalTimer<K, VoidNamespace> timer) throws Exception {
        collector.eraseTimestamp();
        ctx.timestamp = null;
        ctx.domain = TimeDomain.PROCESSING_TIME;
        function.onTimer(timer.getTimestamp(), ctx, collector);
    }

    @Override
    public void close() throws Exception {
        super.close();
        UserFunctions.close(function);
    }

    private final class ContextImpl extends KeyedProcessFunction<K, IN, OUT>.OnTimerContext implements TimerService {

        private Long timestamp;
        private TimeDomain domain;

        ContextImpl() {
            function.super();
        }

        @Override
        public Long timestamp() {
            return timestamp;
        }

        @Override
        public TimerService timerService() {
            return this;
        }

        @Override
        public <X> void output(OutputTag<X> tag, X value) throws Exception {
            Objects.requireNonNull(tag, "output tag must not be null");
            output.collect(tag, timestamp != null ? new StreamRecord<>(value, timestamp) : new StreamRecord<>(value));
        }

        @Override
        public K getCurrentKey() {
            return backend.getCurrentKey();
        }

        @Override
        public TimeDomain timeDomain() {
            if (domain == null) {
                throw new IllegalStateException("timeDomain() is only defined in onTimer");
            }
            return domain;
        }

        @Override
        public long currentProcessingTime() {
            return timers.currentProcessingTime();
        }

        @Override
        public long currentWatermark() {
            return timers.currentWatermark();
        }

        @Override
        public void registerEventTimeTimer(long time) {
            timers.registerEventTimeTimer(VoidNamespace.INSTANCE, time);
        }

        @Override
        public void registerProcessingTimeTimer(long time) {
            timers.registerProcessingTimeTimer(VoidNamespace.INSTANCE, time);
        }

        @Override
        public void deleteEventTimeTimer(long time) {
            timers.deleteEventTimeTimer(VoidNamespace.INSTANCE, time);
        }

        @Override
        public void deleteProcessingTimeTimer(long time) {
            timers.deleteProcessingTimeTimer(VoidNamespace.INSTANCE, time);
        }
    }
}
