package io.sluice.network.partition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The partitions produced on this TaskManager, by id: where local channels and the network server find them. */
public final class ResultPartitionManager {

    private final Map<ResultPartitionId, ResultPartition> partitions = new ConcurrentHashMap<>();

    public void register(ResultPartition partition) {
        if (partitions.putIfAbsent(partition.id(), partition) != null) {
            throw new IllegalStateException("result partition " + partition.id() + " is already registered");
        }
    }

    public void unregister(ResultPartitionId id) {
        partitions.remove(id);
    }

    /** Starts reading one subpartition; the listener hears about new data. */
    public ResultSubpartition createView(ResultPartitionId id, int subpartition, SubpartitionListener listener)
            throws PartitionNotFoundException {
        ResultPartition partition = partitions.get(id);
        if (partition == null || partition.isReleased()) {
            throw new PartitionNotFoundException(id);
        }
        if (subpartition < 0 || subpartition >= partition.numberOfSubpartitions()) {
            throw new IllegalArgumentException("partition " + id + " has " + partition.numberOfSubpartitions()
                    + " subpartitions, not " + (subpartition + 1));
        }
        ResultSubpartition s = partition.subpartition(subpartition);
        s.createView(listener);
        return s;
    }

    /** The partitions registered now (for monitoring and tests). */
    public List<ResultPartition> partitions() {
        return List.copyOf(partitions.values());
    }

    public int size() {
        return partitions.size();
    }

    /** Releases every partition (TaskManager shutdown). */
    public void releaseAll() {
        List<ResultPartition> all = new ArrayList<>(partitions.values());
        all.forEach(ResultPartition::release);
    }
}
