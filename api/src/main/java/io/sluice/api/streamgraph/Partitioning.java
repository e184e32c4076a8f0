package io.sluice.api.streamgraph;

import io.sluice.api.functions.KeySelector;
import java.util.Objects;

/** How records go from the parallel instances of one operator to those of the next. */
public sealed interface Partitioning {

    /** Instance i to instance i; both sides need the same parallelism. */
    record Forward() implements Partitioning {
    }

    /** Round robin over all instances of the consumer. */
    record Rebalance() implements Partitioning {
    }

    /** Round robin over a subset of the consumer's instances. */
    record Rescale() implements Partitioning {
    }

    /** Every record to every instance. */
    record Broadcast() implements Partitioning {
    }

    /** A uniformly random instance per record. */
    record Shuffle() implements Partitioning {
    }

    /** By the key's key group, so equal keys meet in one instance. */
    record ByKey(KeySelector<?, ?> keySelector) implements Partitioning {
        public ByKey {
            Objects.requireNonNull(keySelector, "key selector must not be null");
        }
    }
}
