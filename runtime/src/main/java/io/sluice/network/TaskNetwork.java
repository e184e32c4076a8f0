package io.sluice.network;

import io.sluice.network.partition.ResultPartition;
import java.util.List;

/**
 * A task's view of the network: the partitions it writes (one per outgoing job edge, in edge
 * order) and the gate with the channels of all its incoming edges ({@link #logicalGateOf} tells
 * which edge a channel belongs to).
 */
public final class TaskNetwork {

    private static final TaskNetwork NONE = new TaskNetwork(List.of(), null, new int[0]);

    private final List<ResultPartition> partitions;
    private final InputGate gate;
    private final int[] gateOfChannel;

    public TaskNetwork(List<ResultPartition> partitions, InputGate gate, int[] gateOfChannel) {
        this.partitions = List.copyOf(partitions);
        this.gate = gate;
        this.gateOfChannel = gateOfChannel;
    }

    public static TaskNetwork none() {
        return NONE;
    }

    public List<ResultPartition> partitions() {
        return partitions;
    }

    /** Null for a task without inputs (a source). */
    public InputGate gate() {
        return gate;
    }

    /** Index of the incoming job edge (logical input gate) of channel {@code channel}. */
    public int logicalGateOf(int channel) {
        return gateOfChannel[channel];
    }

    /**
     * Releases everything when the task ends. On success the partitions stay until their consumers
     * have read them; on failure or cancellation they are released and consumers see {@code failure}.
     */
    public void release(Throwable failure) {
        if (gate != null) {
            gate.release();
        }
        if (failure != null) {
            for (ResultPartition p : partitions) {
                p.fail(failure);
            }
        }
    }
}
