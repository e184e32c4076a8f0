package io.sluice.api.functions;

import io.sluice.api.OutputTag;

/**
 * The most general function on a (non-keyed) stream: zero or more outputs per record, the record's
 * timestamp, the current time, and side outputs. For keyed state and timers use
 * {@link KeyedProcessFunction} on a keyed stream.
 */
public abstract class ProcessFunction<I, O> extends AbstractRichFunction {

    private static final long serialVersionUID = 1L;

    public abstract void processElement(I value, Context ctx, Collector<O> out) throws Exception;

    /** What a process function can see and do besides emitting records. */
    public abstract class Context {

        /** The record's event timestamp, or null if it has none (no timestamp assigner upstream). */
        public abstract Long timestamp();

        /** Current processing time and watermark; registering timers needs a keyed stream. */
        public abstract TimerService timerService();

        /** Emits to the side output named by {@code tag}; read it with {@code getSideOutput(tag)}. */
        public abstract <X> void output(OutputTag<X> tag, X value) throws Exception;
    }
}
