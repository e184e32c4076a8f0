package io.sluice.streaming;

import io.sluice.network.InputGate;
import java.util.function.IntConsumer;

/**
 * Decides when a task with network inputs takes a checkpoint: once the barrier of that checkpoint
 * has arrived on every input channel that is still open.
 *
 * <p>Exactly-once aligns: a channel whose barrier arrived is blocked in the gate, so its records after
 * the barrier stay in the network (holding the channel's credit, so its producer stops sending on
 * it; nothing is spilled) and cannot reach the snapshot; the other channels keep flowing until their
 * barriers arrive. At-least-once does not block: records after the barrier of an early channel are
 * processed before the snapshot and are replayed once more after a restore.
 *
 * <p>A barrier of a newer checkpoint before the current alignment completed aborts the current one
 * (some upstream task declined or a barrier was lost with a failed producer). Runs on the task thread.
 */
final class CheckpointBarrierHandler {

    /** What the handler asks of the task. */
    interface Target {
        /** All barriers of {@code checkpointId} arrived: snapshot and forward the barrier. */
        void checkpointOnBarrier(long checkpointId, long timestamp, long alignmentNanos) throws Exception;

        /** Alignment of {@code checkpointId} was given up. */
        void abortCheckpointOnBarrier(long checkpointId, String reason) throws Exception;
    }

    private final InputGate gate;
    private final boolean exactlyOnce;
    private final Target target;
    /** Called for each channel unblocked after an alignment: its reader may still hold part of a buffer. */
    private final IntConsumer onUnblocked;
    private final boolean[] received;
    private final boolean[] finished;
    private final int channels;
    private int finishedChannels;
    private int receivedCount;
    private boolean aligning;
    private long currentId = -1;
    private long currentTimestamp;
    private long alignmentStart;

    CheckpointBarrierHandler(InputGate gate, int channels, boolean exactlyOnce, Target target, IntConsumer onUnblocked) {
        this.gate = gate;
        this.channels = channels;
        this.exactlyOnce = exactlyOnce;
        this.target = target;
        this.onUnblocked = onUnblocked;
        this.received = new boolean[channels];
        this.finished = new boolean[channels];
    }

    /**
     * The barrier of {@code checkpointId} arrived on {@code channel}. Returns true when the channel is
     * now blocked: the caller must stop reading it (the rest of its buffer waits in its reader).
     */
    boolean onBarrier(int channel, long checkpointId, long timestamp) throws Exception {
        if (checkpointId < currentId || (checkpointId == currentId && !aligning)) {
            return false; // a barrier of a checkpoint this task already took or gave up
        }
        if (checkpointId > currentId) {
            if (aligning) {
                long abandoned = currentId;
                releaseBlocked();
                target.abortCheckpointOnBarrier(abandoned, "the barrier of checkpoint " + checkpointId
                        + " arrived before checkpoint " + abandoned + " was aligned");
            }
            currentId = checkpointId;
            aligning = true;
            currentTimestamp = timestamp;
            alignmentStart = System.nanoTime();
        }
        if (received[channel]) {
            throw new IllegalStateException("channel " + channel + " delivered the barrier of checkpoint " + checkpointId
                    + " twice");
        }
        received[channel] = true;
        receivedCount++;
        if (receivedCount + finishedChannels == channels) {
            completeAlignment();
            return false;
        }
        if (exactlyOnce) {
            gate.blockChannel(channel);
            return true;
        }
        return false;
    }

    /** The channel ended: it has nothing more to align with. */
    void onEndOfPartition(int channel) throws Exception {
        if (finished[channel]) {
            return;
        }
        finished[channel] = true;
        finishedChannels++;
        if (received[channel]) { // counted once: as finished from now on
            received[channel] = false;
            receivedCount--;
        }
        if (aligning && receivedCount + finishedChannels == channels) {
            completeAlignment();
        }
    }

    private void completeAlignment() throws Exception {
        long alignment = System.nanoTime() - alignmentStart;
        releaseBlocked();
        target.checkpointOnBarrier(currentId, currentTimestamp, alignment);
    }

    private void releaseBlocked() {
        for (int ch = 0; ch < channels; ch++) {
            if (received[ch]) {
                received[ch] = false;
                if (exactlyOnce) {
                    gate.unblockChannel(ch);
                    onUnblocked.accept(ch);
                }
            }
        }
        receivedCount = 0;
        aligning = false;
    }

    /** Whether a checkpoint is being aligned (some barrier arrived, not all). */
    boolean isAligning() {
        return aligning;
    }
}
