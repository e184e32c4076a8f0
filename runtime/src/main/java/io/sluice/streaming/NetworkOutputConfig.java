package io.sluice.streaming;

import io.sluice.api.OutputTag;
import java.io.Serializable;

/**
 * A network edge leaving a task from one operator of its chain.
 *
 * @param resultIndex   which of the task's result partitions (its outgoing job edges, in order)
 * @param sideOutput    the side output that feeds the edge, or null for the main output
 * @param partitioner   the Java-serialized {@link io.sluice.network.partitioner.StreamPartitioner}
 *                      (may hold the user's key selector)
 */
public record NetworkOutputConfig(int resultIndex, OutputTag<?> sideOutput, byte[] partitioner) implements Serializable {}
