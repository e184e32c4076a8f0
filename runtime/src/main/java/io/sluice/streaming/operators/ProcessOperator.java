package io.sluice.streaming.operators;

import io.sluice.api.OutputTag;
import io.sluice.api.eventtime.Watermark;
import io.sluice.api.functions.ProcessFunction;
import io.sluice.api.functions.TimerService;
import io.sluice.network.StreamRecord;
import io.sluice.streaming.AbstractStreamOperator;
import io.sluice.streaming.OneInputOperator;
import java.util.Objects;

/** Runs a {@link ProcessFunction} on a non-keyed stream. */
public final class ProcessOperator<IN, OUT> extends AbstractStreamOperator<OUT> implements OneInputOperator<IN, OUT> {

    private static final long serialVersionUID = 1L;

    private final ProcessFunction<IN, OUT> function;

    @Override
    protected Object userFunction() {
        return function;
    }
    private transient TimestampedCollector<OUT> collector;
    private transient ContextImpl ctx;
    private transient long currentWatermark;

    public ProcessOperator(ProcessFunction<IN, OUT> function) {
        this.function = Objects.requireNonNull(function, "process function must not be null");
    }

    @Override
    public void open() throws Exception {
        collector = new TimestampedCollector<>(output);
        ctx = new ContextImpl();
        currentWatermark = Long.MIN_VALUE;
        UserFunctions.open(function, new StreamingRuntimeContext(context, null));
    }

    @Override
    public void processElement(StreamRecord<IN> record) throws Exception {
        collector.setTimestampFrom(record);
        ctx.record = record;
        function.processElement(record.getValue(), ctx, collector);
        ctx.record = null;
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        currentWatermark = mark.timestamp();
        super.processWatermark(mark);
    }

    @Override
    public void close() throws Exception {
        UserFunctions.close(function);
    }

    private final class ContextImpl extends ProcessFunction<IN, OUT>.Context implements TimerService {

        private StreamRecord<IN> record;

        ContextImpl() {
            function.super();
        }

        @Override
        public Long timestamp() {
            return record != null && record.hasTimestamp() ? record.getTimestamp() : null;
        }

        @Override
        public TimerService timerService() {
            return this;
        }

        @Override
        public <X> void output(OutputTag<X> tag, X value) throws Exception {
            Objects.requireNonNull(tag, "output tag must not be null");
            StreamRecord<X> sideRecord = record != null && record.hasTimestamp()
                    ? new StreamRecord<>(value, record.getTimestamp()) : new StreamRecord<>(value);
            output.collect(tag, sideRecord);
        }

        @Override
        public long currentProcessingTime() {
            return context.processingTimeService().getCurrentProcessingTime();
        }

        @Override
        public long currentWatermark() {
            return currentWatermark;
        }

        @Override
        public void registerEventTimeTimer(long time) {
            throw noTimers();
        }

        @Override
        public void registerProcessingTimeTimer(long time) {
            throw noTimers();
        }

        @Override
        public void deleteEventTimeTimer(long time) {
            throw noTimers();
        }

        @Override
        public void deleteProcessingTimeTimer(long time) {
            throw noTimers();
        }

        private UnsupportedOperationException noTimers() {
            return new UnsupportedOperationException("timers are only available on keyed streams: use "
                    + "keyBy(...).process(KeyedProcessFunction) instead of process(ProcessFunction) in operator '"
                    + context.operatorName() + "'");
        }
    }
}
