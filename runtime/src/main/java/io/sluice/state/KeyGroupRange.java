package io.sluice.state;

import io.sluice.api.state.State;
import java.io.Serializable;

/**
 * The contiguous key groups {@code start..end} (inclusive) that one parallel instance owns. State is
 * kept and snapshotted per key group so that it can be split again when the parallelism changes.
 */
public record KeyGroupRange(int start, int end) implements Serializable {

    public KeyGroupRange {
        if (start < 0 || end < start - 1) {
            throw new IllegalArgumentException("invalid key group range " + start + ".." + end);
        }
    }

    public boolean contains(int keyGroup) {
        return keyGroup >= start && keyGroup <= end;
    }

    public int size() {
        return end - start + 1;
    }
}
