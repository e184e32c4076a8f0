package io.sluice.network;

import io.sluice.network.partition.ResultPartitionId;
import java.io.Serializable;

/** A partition a task produces: one per outgoing job edge, one subpartition per consumer it feeds. */
public record ResultPartitionDeploymentDescriptor(ResultPartitionId id, int numberOfSubpartitions) implements Serializable {}
