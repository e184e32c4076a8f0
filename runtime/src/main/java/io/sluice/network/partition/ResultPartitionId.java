package io.sluice.network.partition;

import java.io.Serializable;
import java.util.UUID;

/**
 * Names the data one execution attempt produces for one of its outgoing job edges. A restarted
 * producer is a new attempt, so its partitions get new ids and stale consumers cannot read them.
 */
public record ResultPartitionId(UUID producerAttempt, int resultIndex) implements Serializable {

    @Override
    public String toString() {
        return producerAttempt.toString().substring(0, 8) + "/" + resultIndex;
    }
}
