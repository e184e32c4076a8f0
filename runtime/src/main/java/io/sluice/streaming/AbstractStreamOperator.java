package io.sluice.streaming;

import io.sluice.api.eventtime.Watermark;

/**
 * Keeps the context and output handed over in {@link #setup}; the usual base of an operator.
 *
 * <p>Also holds the default watermark handling: a one-input operator forwards watermarks as they
 * come; a two-input operator forwards the minimum of its inputs' watermarks, and only when that
 * minimum advances. Operators with event-time timers override {@link #processWatermark}, fire
 * their timers, then call {@code super}.
 */
public abstract class AbstractStreamOperator<OUT> implements StreamOperator<OUT> {

    private static final long serialVersionUID = 1L;

    protected transient OperatorContext context;
    protected transient Output<OUT> output;

    private transient long input1Watermark = Long.MIN_VALUE;
    private transient long input2Watermark = Long.MIN_VALUE;
    private transient long combinedWatermark = Long.MIN_VALUE;

    @Override
    public void setup(OperatorContext context, Output<OUT> output) {
        this.context = context;
        this.output = output;
        this.input1Watermark = Long.MIN_VALUE;
        this.input2Watermark = Long.MIN_VALUE;
        this.combinedWatermark = Long.MIN_VALUE;
    }

    /** Event time of this operator has advanced to {@code mark}; forwards it. */
    public void processWatermark(Watermark mark) throws Exception {
        output.emitWatermark(mark);
    }

    /** Forwards a change of the input's idleness. */
    public void processWatermarkStatus(io.sluice.api.eventtime.WatermarkStatus status) throws Exception {
        output.emitWatermarkStatus(status);
    }

    public void processWatermark1(Watermark mark) throws Exception {
        input1Watermark = mark.timestamp();
        advanceCombinedWatermark();
    }

    public void processWatermark2(Watermark mark) throws Exception {
        input2Watermark = mark.timestamp();
        advanceCombinedWatermark();
    }

    private void advanceCombinedWatermark() throws Exception {
        long min = Math.min(input1Watermark, input2Watermark);
        if (min > combinedWatermark) {
            combinedWatermark = min;
            processWatermark(new Watermark(min));
        }
    }
}
