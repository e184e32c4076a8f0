package io.sluice.network.partition;

/** Told when a subpartition gets data after being empty, finishes, or is released. Called on the producer's thread. */
@FunctionalInterface
public interface SubpartitionListener {
    void notifyDataAvailable();
}
