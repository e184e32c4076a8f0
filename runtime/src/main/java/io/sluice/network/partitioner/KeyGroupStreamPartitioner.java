package io.sluice.network.partitioner;

import io.sluice.api.functions.KeySelector;
import io.sluice.state.KeyGroupRangeAssignment;

/**
 * keyBy: the record goes to the subtask that owns its key's key group, computed with
 * {@link KeyGroupRangeAssignment} exactly as the keyed state backend computes it.
 */
public final class KeyGroupStreamPartitioner<T, K> extends StreamPartitioner<T> {
    private static final long serialVersionUID = 1L;

    private final KeySelector<T, K> keySelector;
    private final int maxParallelism;

    public KeyGroupStreamPartitioner(KeySelector<T, K> keySelector, int maxParallelism) {
        this.keySelector = keySelector;
        this.maxParallelism = maxParallelism;
    }

    /** The same partitioner for {@code maxParallelism} key groups (the job's, known when the graph is built). */
    public KeyGroupStreamPartitioner<T, K> withMaxParallelism(int maxParallelism) {
        return new KeyGroupStreamPartitioner<>(keySelector, maxParallelism);
    }

    public KeySelector<T, K> keySelector() {
        return keySelector;
    }

    public int maxParallelism() {
        return maxParallelism;
    }

    @Override
    public int selectChannel(T value) {
        K key;
        try {
            key = keySelector.getKey(value);
        } catch (Exception e) {
            throw new KeySelectorException(e);
        }
        return KeyGroupRangeAssignment.operatorIndexForKeyGroup(maxParallelism, numberOfChannels,
                KeyGroupRangeAssignment.assignToKeyGroup(key, maxParallelism));
    }

    @Override
    public String describe() {
        return "HASH";
    }

    /** The user's key selector threw; unwrapped by the writer so the user's exception is what the task reports. */
    public static final class KeySelectorException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        KeySelectorException(Exception cause) {
            super(cause);
        }
    }
}
