package io.sluice.state;

import io.sluice.api.state.State;
import io.sluice.api.state.StateDescriptor;
import io.sluice.api.state.ValueStateDescriptor;
import io.sluice.api.state.ListStateDescriptor;
import io.sluice.api.state.MapStateDescriptor;
import io.sluice.api.state.ReducingStateDescriptor;
import io.sluice.api.state.AggregatingStateDescriptor;
import io.sluice.state.timers.TimerQueue;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keyed state of one operator instance, on the heap, kept per key group of the instance's
 * {@link KeyGroupRange}. The operator sets the current key before each record and each timer
 * ({@link #setCurrentKey}); every state handle then reads and writes that key's values.
 *
 * <p>State and timers are written and read by whole key groups ({@link KeyGroupSnapshots}), so a
 * later restore with a different parallelism takes exactly the groups the new instance owns. Inside,
 * each key group is cut into {@link KeyGroupSlices slices}, the unit of an asynchronous snapshot.
 *
 * <p>Not thread-safe: used by the task thread only (timers run on it too).
 *
 * @param <K> key type
 */
public final class HeapKeyedStateBackend<K> {

    private final int maxParallelism;
    private final KeyGroupRange keyGroupRange;
    private final ClassLoader classLoader;
    final KeyGroupSlices slices;
    final StateMap.Versions versions = new StateMap.Versions();
    final Map<String, StateTable> tables = new LinkedHashMap<>();
    final Map<String, TimerQueue<K, ?>> timerQueues = new LinkedHashMap<>();
    private final Map<String, AbstractHeapState<K, ?, ?>> handles = new HashMap<>();

    private K currentKey;
    private int currentKeyGroupIndex;
    private int currentSliceIndex;
    private StateSerializer serializer;
    /** Snapshots the writer may still read, oldest first (more than one only with concurrent checkpoints). */
    private final ArrayDeque<KeyedStateSnapshot> writing = new ArrayDeque<>();
    /** The newest of {@link #writing}, which freezes slices before the task touches them; null when none. */
    private KeyedStateSnapshot inFlight;

    public HeapKeyedStateBackend(int maxParallelism, KeyGroupRange keyGroupRange, ClassLoader classLoader) {
        if (keyGroupRange.size() < 1 || keyGroupRange.end() >= maxParallelism) {
            throw new IllegalArgumentException("key group range " + keyGroupRange.start() + ".." + keyGroupRange.end()
                    + " does not fit max parallelism " + maxParallelism);
        }
        this.maxParallelism = maxParallelism;
        this.keyGroupRange = keyGroupRange;
        this.classLoader = classLoader;
        this.slices = new KeyGroupSlices(keyGroupRange.size());
    }

    /** Makes {@code key} the key that state handles and new timers refer to. */
    public void setCurrentKey(K key) {
        if (key == null) {
            throw new NullPointerException("a key must not be null; check the KeySelector of keyBy");
        }
        int hash = KeyGroupRangeAssignment.mix(key.hashCode());
        int keyGroup = KeyGroupRangeAssignment.keyGroupForMixedHash(hash, maxParallelism);
        if (!keyGroupRange.contains(keyGroup)) {
            throw new IllegalStateException("key '" + key + "' belongs to key group " + keyGroup + ", which this instance "
                    + "(key groups " + keyGroupRange.start() + ".." + keyGroupRange.end() + ") does not own: the input of "
                    + "a keyed operator must be partitioned by the same key (keyBy) and the key's hashCode must be "
                    + "the same in every JVM (no identity hash codes or enum keys)");
        }
        this.currentKey = key;
        this.currentKeyGroupIndex = keyGroup - keyGroupRange.start();
        this.currentSliceIndex = slices.slice(currentKeyGroupIndex, hash);
        if (inFlight != null) {
            beforeTouch(currentSliceIndex);
        }
    }

    /**
     * Must be called before the task changes slice {@code index} of this backend other than through
     * {@link #setCurrentKey} (firing a timer removes it before its key is current).
     */
    public void beforeTouch(int index) {
        KeyedStateSnapshot snapshot = inFlight;
        if (snapshot == null) {
            return;
        }
        if (snapshot.isFinished()) {
            releaseFinished();
            return; // what is still written was frozen whole when a newer snapshot was taken
        }
        snapshot.beforeTouch(index);
    }

    /**
     * Forgets the snapshots the writer is done with; once none is left, entries and values change in
     * place again instead of being copied.
     */
    private void releaseFinished() {
        writing.removeIf(KeyedStateSnapshot::isFinished);
        KeyedStateSnapshot newest = writing.peekLast();
        inFlight = newest;
        versions.highestRequired = newest == null ? 0 : newest.version();
    }

    /**
     * The synchronous part of a checkpoint: freezes the current state for {@link KeyedStateSnapshot#writeTo},
     * which another thread runs while this one goes on. Costs no copying: from now on every entry is
     * copied before it changes ({@link StateMap}). Only the newest snapshot tracks touches: one still
     * being written (possible with several concurrent checkpoints) has its remaining slices frozen here.
     */
    public KeyedStateSnapshot snapshotAsync() {
        KeyedStateSnapshot previous = inFlight;
        if (previous != null && !previous.isFinished()) {
            previous.freezeAll();
        }
        releaseFinished();
        KeyedStateSnapshot snapshot = new KeyedStateSnapshot(this, versions.freeze());
        writing.addLast(snapshot);
        inFlight = snapshot;
        return snapshot;
    }

    public K getCurrentKey() {
        return currentKey;
    }

    /** The current key's key group. */
    public int getCurrentKeyGroup() {
        return currentKeyGroupIndex + keyGroupRange.start();
    }

    int currentSliceIndex() {
        return currentSliceIndex;
    }

    Object currentKeyObject() {
        return currentKey;
    }

    /** The slice of {@code key} in the group at {@code groupIndex} of this backend's range (restore files keys with it). */
    int sliceOf(int groupIndex, Object key) {
        return slices.slice(groupIndex, KeyGroupRangeAssignment.mix(key.hashCode()));
    }

    /** The current key's slice of this backend (see {@link KeyGroupSlices}); what timers are filed under. */
    public int getCurrentSliceIndex() {
        return currentSliceIndex;
    }

    public KeyGroupRange getKeyGroupRange() {
        return keyGroupRange;
    }

    public int getMaxParallelism() {
        return maxParallelism;
    }

    /** A handle of state scoped to the key only. Asking twice with the same descriptor returns the same handle. */
    public <S extends State> S getState(StateDescriptor<S> descriptor) {
        return getPartitionedState(descriptor, false);
    }

    /**
     * A handle of state scoped to key and namespace (window state). The returned object also
     * implements {@link InternalKvState}; set the namespace before each use.
     */
    public <N, S extends State> S getNamespacedState(StateDescriptor<S> descriptor) {
        return getPartitionedState(descriptor, true);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private <S extends State> S getPartitionedState(StateDescriptor<S> descriptor, boolean namespaced) {
        String name = descriptor.getName();
        StateTable table = tables.get(name);
        if (table == null) {
            table = new StateTable(name, descriptor.kind(), namespaced, slices.count(), versions);
            tables.put(name, table);
        } else if (!table.kind.equals(descriptor.kind()) || table.namespaced != namespaced) {
            throw new IllegalStateException("state '" + name + "' is already a " + describe(table) + ", but is asked for as a "
                    + descriptor.kind() + (namespaced ? " window" : "") + " state; give each state its own name");
        }
        AbstractHeapState<K, ?, ?> handle = handles.get(name);
        if (handle == null) {
            if (descriptor instanceof ValueStateDescriptor) {
                handle = new HeapValueState<>(this, table);
            } else if (descriptor instanceof ListStateDescriptor) {
                handle = new HeapListState<>(this, table);
            } else if (descriptor instanceof MapStateDescriptor) {
                handle = new HeapMapState<>(this, table);
            } else if (descriptor instanceof ReducingStateDescriptor r) {
                handle = new HeapReducingState<>(this, table, r.getReduceFunction());
            } else {
                handle = new HeapAggregatingState<>(this, table, ((AggregatingStateDescriptor) descriptor).getAggregateFunction());
            }
            if (!namespaced) {
                ((AbstractHeapState) handle).setCurrentNamespace(VoidNamespace.INSTANCE);
            }
            handles.put(name, handle);
        }
        return (S) handle;
    }

    private static String describe(StateTable table) {
        return table.kind + (table.namespaced ? " window" : "") + " state";
    }

    /** The timers of one operator timer service and time domain, created on first use or by a restore. */
    @SuppressWarnings("unchecked")
    public <N> TimerQueue<K, N> getTimerQueue(String name) {
        return (TimerQueue<K, N>) timerQueues.computeIfAbsent(name, n -> new TimerQueue<>(n, slices.count()));
    }

    /** Number of entries of a state over all keys (and namespaces); 0 if the state does not exist. */
    public long numberOfEntries(String stateName) {
        StateTable table = tables.get(stateName);
        return table == null ? 0 : table.size();
    }

    /**
     * Writes every key group of this backend (state and timers) to {@code out}. The format is
     * described in {@link KeyGroupSnapshots}; checkpoints will store one such stream per instance.
     */
    public void snapshot(java.io.OutputStream out) throws java.io.IOException {
        KeyGroupSnapshots.write(this, out);
    }

    /**
     * Takes the key groups of a snapshot that this backend owns and skips the others. Call it with
     * the snapshot of every old instance whose range overlaps this one's (before the operator
     * opens) to redistribute state after a change of parallelism. Returns the number of key groups taken.
     */
    public int restore(java.io.InputStream in) throws java.io.IOException {
        return KeyGroupSnapshots.read(this, in);
    }

    ClassLoader classLoader() {
        return classLoader;
    }

    /** A copy of a state value that a snapshot may still read, for the task to change in place. */
    Object copyValue(Object value) {
        try {
            return serializer().copy(value);
        } catch (RuntimeException e) {
            throw new IllegalStateException("a keyed state value of type " + value.getClass().getName()
                    + " cannot be copied while a checkpoint is written (state values must be serializable with Kryo): "
                    + e.getMessage(), e);
        }
    }

    /** {@link #copyValue} for the namespace map of one key of window state: a new map of copied values. */
    @SuppressWarnings("unchecked")
    Object copyNamespaces(Object namespaces) {
        HashMap<Object, Object> copy = new HashMap<>(4);
        for (Map.Entry<Object, Object> entry : ((HashMap<Object, Object>) namespaces).entrySet()) {
            copy.put(entry.getKey(), copyValue(entry.getValue()));
        }
        return copy;
    }

    StateSerializer serializer() {
        if (serializer == null) {
            serializer = new StateSerializer(classLoader);
        }
        return serializer;
    }
}
