package io.sluice.streaming.operators;

import io.sluice.api.common.JobId;
import io.sluice.api.common.UserCodeSerialization;
import io.sluice.api.eventtime.Watermark;
import io.sluice.network.StreamRecord;
import io.sluice.streaming.CollectingOutput;
import io.sluice.streaming.ManualProcessingTimeService;
import io.sluice.streaming.OneInputOperator;
import io.sluice.streaming.OperatorContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;

/**
 * Drives one operator the way a task does: the operator is Java-serialized and deserialized first
 * (as for deployment), then set up with a {@link ManualProcessingTimeService} and a
 * {@link CollectingOutput}. Keyed operators can be snapshotted and restored.
 */
public final class OneInputOperatorTestHarness<IN, OUT> {

    private final OneInputOperator<IN, OUT> operator;
    private final CollectingOutput<OUT> output = new CollectingOutput<>();
    private final ManualProcessingTimeService time = new ManualProcessingTimeService();
    private final OperatorContext context;
    private boolean opened;
    private int taken;

    public OneInputOperatorTestHarness(OneInputOperator<IN, OUT> operator) throws Exception {
        this(operator, 0, 1, 128, Map.of());
    }

    @SuppressWarnings("unchecked")
    public OneInputOperatorTestHarness(OneInputOperator<IN, OUT> operator, int subtask, int parallelism, int maxParallelism,
            Map<String, String> jobConfiguration) throws Exception {
        this.operator = (OneInputOperator<IN, OUT>) UserCodeSerialization.deserialize(UserCodeSerialization.serialize(operator),
                getClass().getClassLoader());
        this.context = new OperatorContext("0123456789abcdef0123456789abcdef", "test operator",
                "test operator (" + (subtask + 1) + "/" + parallelism + ")#0", subtask, parallelism, maxParallelism, 0,
                new JobId(1, 2), "test job", jobConfiguration, getClass().getClassLoader(), time);
        this.operator.setup(context, output);
    }

    /** Restores keyed state from snapshots of (possibly several) old instances; before {@link #open}. */
    public void restore(byte[]... snapshots) throws Exception {
        for (byte[] snapshot : snapshots) {
            ((AbstractKeyedOperator<?, ?, ?>) operator).restoreState(new ByteArrayInputStream(snapshot));
        }
    }

    public OneInputOperatorTestHarness<IN, OUT> open() throws Exception {
        operator.open();
        opened = true;
        return this;
    }

    public void processElement(IN value, long timestamp) throws Exception {
        ensureOpen();
        operator.processElement(new StreamRecord<>(value, timestamp));
    }

    public void processElement(IN value) throws Exception {
        ensureOpen();
        operator.processElement(new StreamRecord<>(value));
    }

    public void processWatermark(long timestamp) throws Exception {
        ensureOpen();
        operator.processWatermark(new Watermark(timestamp));
    }

    /** Moves processing time; due timers fire on this thread, as they would on the task thread. */
    public void setProcessingTime(long timestamp) throws Exception {
        ensureOpen();
        time.advanceTo(timestamp);
    }

    /** End of input as the chain signals it: the final watermark, then endInput and finish. */
    public void endInput() throws Exception {
        operator.processWatermark(Watermark.MAX_WATERMARK);
        operator.endInput();
        operator.finish();
    }

    public byte[] snapshot() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ((AbstractKeyedOperator<?, ?, ?>) operator).snapshotState(bytes);
        return bytes.toByteArray();
    }

    public void close() throws Exception {
        operator.close();
    }

    public OneInputOperator<IN, OUT> operator() {
        return operator;
    }

    public CollectingOutput<OUT> output() {
        return output;
    }

    public List<OUT> values() {
        return output.values();
    }

    /** Values emitted so far, then forgets them. */
    public List<OUT> takeValues() {
        List<OUT> all = output.values();
        List<OUT> values = new java.util.ArrayList<>(all.subList(Math.min(taken, all.size()), all.size()));
        taken = all.size();
        return values;
    }

    public ManualProcessingTimeService processingTimeService() {
        return time;
    }

    private void ensureOpen() throws Exception {
        if (!opened) {
            open();
        }
    }
}
