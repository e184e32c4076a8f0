package io.sluice.streaming;

import com.esotericsoftware.kryo.io.Input;
import io.sluice.api.eventtime.Watermark;
import io.sluice.network.InputGate;
import io.sluice.network.StreamRecord;
import io.sluice.network.TaskNetwork;
import io.sluice.network.serialization.StreamElementCodec;
import java.util.List;

/**
 * Feeds the head operator of an input task from its gate: takes one buffer at a time, decodes its
 * elements, and hands records, watermarks (combined per logical input by a
 * {@link StatusWatermarkValve}) and end-of-input to the head. Runs on the task thread; returns after
 * each buffer so the task can run its mailbox (timers, flushes) between buffers.
 */
final class StreamInputProcessor {

    enum Status { MORE_AVAILABLE, NOTHING_AVAILABLE, END_OF_INPUT }

    private final InputGate gate;
    private final StreamElementCodec codec;
    private final OneInputOperator<Object, ?> oneInput;
    private final TwoInputOperator<Object, Object, ?> twoInput;
    private final OperatorContext headContext;
    private final io.sluice.network.ElementReaderAccess readers;
    /** Per channel: its logical input (1 or 2), its index among that input's channels. */
    private final int[] inputOf;
    private final int[] indexInInput;
    private final StatusWatermarkValve[] valves = new StatusWatermarkValve[3];
    private final int[] openChannels = new int[3];
    private final boolean[] finished;
    private int openInputs;
    /** Whether input 1 was last reported idle to the head (only one-input heads get the status). */
    private boolean reportedIdle;
    private final StreamRecord<Object> reuse = new StreamRecord<>(null);
    private final CheckpointBarrierHandler barriers;
    /** Channels unblocked after an alignment whose readers still hold part of a buffer: read before the gate. */
    private final java.util.ArrayDeque<Integer> resumable = new java.util.ArrayDeque<>();
    /** Set when the element just processed blocked its channel (a barrier during exactly-once alignment). */
    private boolean currentBlocked;

    @SuppressWarnings("unchecked")
    StreamInputProcessor(TaskNetwork network, List<Integer> inputOfGate, StreamOperator<?> head,
                         OperatorContext headContext, StreamElementCodec codec,
                         CheckpointBarrierHandler.Target checkpoints, boolean exactlyOnce) {
        this.gate = network.gate();
        this.codec = codec;
        this.headContext = headContext;
        this.oneInput = head instanceof OneInputOperator<?, ?> o ? (OneInputOperator<Object, ?>) o : null;
        this.twoInput = head instanceof TwoInputOperator<?, ?, ?> t ? (TwoInputOperator<Object, Object, ?>) t : null;
        int channels = gate.numberOfChannels();
        this.readers = new io.sluice.network.ElementReaderAccess(channels);
        this.inputOf = new int[channels];
        this.indexInInput = new int[channels];
        this.finished = new boolean[channels];
        for (int ch = 0; ch < channels; ch++) {
            int input = inputOfGate.get(network.logicalGateOf(ch));
            inputOf[ch] = input;
            indexInInput[ch] = openChannels[input]++;
        }
        this.barriers = new CheckpointBarrierHandler(gate, channels, exactlyOnce, checkpoints, resumable::add);
        for (int input = 1; input <= 2; input++) {
            if (openChannels[input] > 0) {
                valves[input] = new StatusWatermarkValve(openChannels[input]);
                openInputs++;
            }
        }
    }

    /** The watermark input 1 has reached (for end of input: whether the head still needs MAX). */
    long headWatermark() {
        return valves[1] == null ? Long.MAX_VALUE : valves[1].lastEmitted();
    }

    Status processInput() throws Exception {
        while (true) {
            int channel = readers.currentChannel();
            while (channel < 0 && !resumable.isEmpty()) {
                int candidate = resumable.poll();
                if (readers.resume(candidate)) {
                    channel = candidate;
                }
            }
            if (channel >= 0 && readers.next(channel)) {
                if (processElement(channel, readers.input(channel))) {
                    return Status.END_OF_INPUT;
                }
                if (currentBlocked) {
                    currentBlocked = false;
                    readers.clearCurrent(); // the rest of the buffer stays in the channel's reader
                    return Status.MORE_AVAILABLE;
                }
                continue;
            }
            if (channel >= 0) {
                readers.clearCurrent();
                return Status.MORE_AVAILABLE; // one buffer done: let the mailbox run
            }
            InputGate.BufferAndChannel next = gate.pollNext();
            if (next == null) {
                return Status.NOTHING_AVAILABLE;
            }
            readers.setBuffer(next.channelIndex(), next.buffer());
        }
    }

    /** Returns true when this was the last end-of-partition of all inputs. */
    private boolean processElement(int channel, Input in) throws Exception {
        byte tag = in.readByte();
        int input = inputOf[channel];
        switch (tag) {
            case StreamElementCodec.RECORD, StreamElementCodec.RECORD_WITH_TIMESTAMP -> {
                codec.readRecord(in, tag, reuse);
                try {
                    if (input == 1 && oneInput != null) {
                        oneInput.processElement(reuse);
                    } else if (input == 1) {
                        twoInput.processElement1(reuse);
                    } else {
                        twoInput.processElement2(reuse);
                    }
                } catch (Exception e) {
                    throw OperatorException.wrap(e, "", headContext);
                }
            }
            case StreamElementCodec.WATERMARK -> {
                emitWatermark(input, valves[input].inputWatermark(indexInInput[channel], in.readLong()));
                reportIdleness(input);
            }
            case StreamElementCodec.WATERMARK_STATUS -> {
                emitWatermark(input, valves[input].markIdle(indexInInput[channel], in.readBoolean()));
                reportIdleness(input);
            }
            case StreamElementCodec.CHECKPOINT_BARRIER -> {
                long checkpointId = in.readLong();
                long timestamp = in.readLong();
                currentBlocked = barriers.onBarrier(channel, checkpointId, timestamp);
            }
            case StreamElementCodec.END_OF_PARTITION -> {
                finished[channel] = true;
                gate.channel(channel).release();
                barriers.onEndOfPartition(channel);
                emitWatermark(input, valves[input].channelFinished(indexInInput[channel]));
                if (--openChannels[input] == 0) {
                    if (twoInput != null) {
                        try {
                            twoInput.endInput(input);
                        } catch (Exception e) {
                            throw OperatorException.wrap(e, "end of input " + input, headContext);
                        }
                    }
                    return --openInputs == 0;
                }
            }
            default -> throw new IllegalStateException("corrupt data on channel " + channel + " of "
                    + headContext.taskName() + ": unknown element tag " + tag);
        }
        return false;
    }

    /** Tells a one-input head when its whole input turns idle or active again (edge-triggered). */
    private void reportIdleness(int input) throws Exception {
        if (oneInput == null) {
            return; // two-input operators combine watermarks themselves; idleness of one side is not forwarded
        }
        boolean idle = valves[input].isIdle();
        if (idle != reportedIdle) {
            reportedIdle = idle;
            try {
                oneInput.processWatermarkStatus(idle ? io.sluice.api.eventtime.WatermarkStatus.IDLE
                        : io.sluice.api.eventtime.WatermarkStatus.ACTIVE);
            } catch (Exception e) {
                throw OperatorException.wrap(e, "watermark status", headContext);
            }
        }
    }

    private void emitWatermark(int input, long watermark) throws Exception {
        if (watermark == StatusWatermarkValve.NO_CHANGE) {
            return;
        }
        Watermark mark = new Watermark(watermark);
        try {
            if (oneInput != null) {
                oneInput.processWatermark(mark);
            } else if (input == 1) {
                twoInput.processWatermark1(mark);
            } else {
                twoInput.processWatermark2(mark);
            }
        } catch (Exception e) {
            throw OperatorException.wrap(e, "watermark", headContext);
        }
    }

    void close() {
        readers.clearAll();
    }
}
