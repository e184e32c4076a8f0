package io.sluice.graph;

import java.io.Serializable;

/** A data exchange between two vertices; carried over the network shuffle (see the dataflow issue). */
public record JobEdge(String sourceVertexId, String targetVertexId, Partitioning partitioning) implements Serializable {

    public enum Partitioning { FORWARD, HASH, REBALANCE, RESCALE, BROADCAST }
}
