package io.sluice.state;

/**
 * How the heap backend cuts its key groups into slices, the unit in which it keeps state and timers
 * and in which a checkpoint freezes them ({@link KeyedStateSnapshot}).
 *
 * <p>The first touch of a slice during a checkpoint copies the slice's bucket arrays, and a slice's
 * map rehashes as a whole when it grows: both take time in proportion to the slice. Key groups alone
 * would make that depend on the parallelism (an instance that owns one key group holds all its state
 * in it). So each group is cut into a power of two of slices, enough for about {@value #TARGET_SLICES}
 * per instance whatever its share of the key groups, by high bits of the key's mixed hash (the key
 * group takes the low bits). Not more: every slice has its own small maps, and with small state many
 * slices touch more memory per record (4,096 slices made windowed state 8 % slower). Slices do not
 * show outside the backend: snapshots are still written by key group, so rescaling and the
 * snapshot format do not depend on them.
 */
final class KeyGroupSlices {

    static final int TARGET_SLICES = 128;
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
