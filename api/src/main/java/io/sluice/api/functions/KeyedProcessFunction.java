package io.sluice.api.functions;

import io.sluice.api.OutputTag;

/**
 * A process function on a keyed stream: keyed state (through {@link #getRuntimeContext()}),
 * timers per key, side outputs. {@link #onTimer} runs with the timer's key current, so state
 * handles read that key's state.
 *
 * @param <K> key type
 * @param <I> input type
 * @param <O> output type
 */
public abstract class KeyedProcessFunction<K, I, O> extends AbstractRichFunction {

    private static final long serialVersionUID = 1L;

    public abstract void processElement(I value, Context ctx, Collector<O> out) throws Exception;

    /**
     * A timer registered through {@link Context#timerService()} fired. Records emitted here carry the
     * timer's time as timestamp for event-time timers, and no timestamp for processing-time timers.
     */
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<O> out) throws Exception {
    }

    /** What a keyed process function can see and do besides emitting records. */
    public abstract class Context {

        /** The record's (or event-time timer's) timestamp; null if it has none. */
        public abstract Long timestamp();

        public abstract TimerService timerService();

        public abstract <X> void output(OutputTag<X> tag, X value) throws Exception;

        public abstract K getCurrentKey();
    }

    /** The context of {@link #onTimer}. */
    public abstract class OnTimerContext extends Context {

        public abstract TimeDomain timeDomain();
    }
}
