package io.sluice.network;

import io.sluice.network.partition.ResultPartitionId;
import java.io.Serializable;

/**
 * One producer a task reads from: the partition, which subpartition of it, and where the producer
 * runs. The consumer's TaskManager compares {@code producerResourceId} with its own to choose a
 * local or a remote channel.
 */
public record InputChannelDeploymentDescriptor(ResultPartitionId partitionId, int subpartition,
                                               String producerResourceId, DataAddress producerAddress)
        implements Serializable {}
