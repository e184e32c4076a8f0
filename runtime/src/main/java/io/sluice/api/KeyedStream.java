package io.sluice.api;

import io.sluice.api.functions.KeySelector;
import io.sluice.api.streamgraph.PartitionTransformation;
import io.sluice.network.partitioner.KeyGroupStreamPartitioner;

/**
 * A stream partitioned by key: every record with the same key goes to the same parallel instance of
 * the next operator (the one owning the key's key group), where keyed state and timers are scoped
 * to the key.
 *
 * @param <T> record type
 * @param <K> key type
 */
public class KeyedStream<T, K> extends DataStream<T> {

    private final KeySelector<T, K> keySelector;

    KeyedStream(DataStream<T> input, KeySelector<T, K> keySelector) {
        super(input.getEnvironment(), new PartitionTransformation<>(input.getEnvironment().nextTransformationId(),
                input.getTransformation(), new KeyGroupStreamPartitioner<>(keySelector,
                        input.getEnvironment().getMaxParallelism())));
        this.keySelector = keySelector;
    }

    public KeySelector<T, K> getKeySelector() {
        return keySelector;
    }
}
