package io.sluice.state;

/**
 * The one place that maps keys to key groups and key groups to parallel instances. The network
 * partitioner (which instance gets a record) and the state backend (where a key's state lives) must
 * agree exactly, so both call these methods.
 *
 * <p>Key groups are assigned to instances in contiguous ranges: instance {@code i} of {@code p} owns
 * groups {@code ceil(i*max/p) .. ceil((i+1)*max/p)-1}. Rescaling therefore moves whole ranges.
 */
public final class KeyGroupRangeAssignment {

    /** Default number of key groups (= highest usable parallelism) of a keyed operator. */
    public static final int DEFAULT_MAX_PARALLELISM = 128;

    /** Upper bound of the max parallelism: key groups are kept in arrays indexed by group. */
    public static final int UPPER_BOUND_MAX_PARALLELISM = 1 << 15;

    private KeyGroupRangeAssignment() {}

    /** The key group of {@code key}, from its {@code hashCode} spread by a mixing function. */
    public static int assignToKeyGroup(Object key, int maxParallelism) {
        if (key == null) {
            throw new NullPointerException("a key must not be null; check the KeySelector of keyBy");
        }
        return keyGroupForHash(key.hashCode(), maxParallelism);
    }

    /** The key group of a key hash; hash codes of small integers are clustered, so mix the bits first. */
    public static int keyGroupForHash(int hashCode, int maxParallelism) {
        return keyGroupForMixedHash(mix(hashCode), maxParallelism);
    }

    /** The key group of a hash already spread by {@link #mix}. */
    public static int keyGroupForMixedHash(int mixedHash, int maxParallelism) {
        return Math.floorMod(mixedHash, maxParallelism);
    }

    /**
     * A key's {@code hashCode} with its bits spread (murmur3's mixing steps). The key group takes its
     * low bits; the heap backend's snapshot slices take high bits ({@link HeapKeyedStateBackend}).
     */
    public static int mix(int hashCode) {
        int h = hashCode * 0xcc9e2d51;
        h = Integer.rotateLeft(h, 15) * 0x1b873593;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        return h;
    }

    /** The parallel instance that owns {@code keyGroup}. */
    public static int operatorIndexForKeyGroup(int maxParallelism, int parallelism, int keyGroup) {
        return (int) ((long) keyGroup * parallelism / maxParallelism);
    }

    /** The parallel instance that owns {@code key}. */
    public static int operatorIndexForKey(Object key, int maxParallelism, int parallelism) {
        return operatorIndexForKeyGroup(maxParallelism, parallelism, assignToKeyGroup(key, maxParallelism));
    }

    /** The key groups owned by instance {@code index} of {@code parallelism}. */
    public static KeyGroupRange rangeForOperatorIndex(int maxParallelism, int parallelism, int index) {
        checkParallelism(maxParallelism, parallelism);
        if (index < 0 || index >= parallelism) {
            throw new IllegalArgumentException("instance " + index + " of " + parallelism + " does not exist");
        }
        int start = (int) (((long) index * maxParallelism + parallelism - 1) / parallelism);
        int end = (int) ((((long) index + 1) * maxParallelism + parallelism - 1) / parallelism) - 1;
        return new KeyGroupRange(start, end);
    }

    public static void checkParallelism(int maxParallelism, int parallelism) {
        if (maxParallelism < 1 || maxParallelism > UPPER_BOUND_MAX_PARALLELISM) {
            throw new IllegalArgumentException("max parallelism must be between 1 and " + UPPER_BOUND_MAX_PARALLELISM
                    + ", was " + maxParallelism);
        }
        if (parallelism < 1 || parallelism > maxParallelism) {
            throw new IllegalArgumentException("parallelism " + parallelism + " must be between 1 and the max parallelism "
                    + maxParallelism + "; raise setMaxParallelism to run with more instances");
        }
    }
}
