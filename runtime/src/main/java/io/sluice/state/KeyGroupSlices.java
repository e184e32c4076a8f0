package io.sluice.state;

/**
 * How the heap backend cuts its key groups into slices, the unit in which it keeps state and timers
 * and in which a checkpoint is written off the task thread ({@link KeyedStateSnapshot}).
 *
 * <p>While a checkpoint is written, the task serializes a slice itself before it changes it, so the
 * longest pause of a record is the time to serialize one slice. Key groups alone are too coarse for
 * that: one instance that owns all 128 default groups of 1 GB of state has 8 MB groups. So each group
 * is cut into a power of two of slices, enough for about {@value #TARGET_SLICES} per instance
 * whatever its share of the key groups, by high bits of the key's mixed hash (the key group takes the
 * low bits). Slices do not show outside the backend: snapshots are still written by key group, so
 * rescaling and the snapshot format do not depend on them.
 */
final class KeyGroupSlices {

    static final int TARGET_SLICES = 4096;
    private static final int SHIFT = 17; // above the 15 bits of the largest max parallelism

    private final int keyGroups;
    private final int perGroup;

    KeyGroupSlices(int keyGroups) {
        this.keyGroups = keyGroups;
        this.perGroup = Integer.highestOneBit(Math.max(1, TARGET_SLICES / keyGroups));
    }

    int count() {
        return keyGroups * perGroup;
    }

    int perGroup() {
        return perGroup;
    }

    /** The slice of a key in the group at {@code groupIndex} of the range, from its {@link KeyGroupRangeAssignment#mix mixed hash}. */
    int slice(int groupIndex, int mixedHash) {
        return groupIndex * perGroup + ((mixedHash >>> SHIFT) & (perGroup - 1));
    }

    int firstSliceOf(int groupIndex) {
        return groupIndex * perGroup;
    }
}
