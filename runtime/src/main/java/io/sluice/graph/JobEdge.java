package io.sluice.graph;

import java.io.Serializable;

/**
 * A data exchange between two vertices over the network. Each edge is one result partition of every
 * producer subtask and one logical input of every consumer subtask; a vertex's outgoing edges, in
 * the order of {@link JobGraph#edges()}, are its result indexes, its incoming edges its input indexes.
 * FORWARD edges connect subtask i to subtask i only (same parallelism); the others connect every
 * producer subtask to every consumer subtask.
 */
public record JobEdge(String sourceVertexId, String targetVertexId, Partitioning partitioning) implements Serializable {

    public enum Partitioning { FORWARD, HASH, REBALANCE, RESCALE, BROADCAST, SHUFFLE }

    public boolean isPointwise() {
        return partitioning == Partitioning.FORWARD;
    }
}
