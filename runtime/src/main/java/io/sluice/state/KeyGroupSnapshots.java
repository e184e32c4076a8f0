package io.sluice.state;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.sluice.state.timers.InternalTimer;
import io.sluice.state.timers.TimerQueue;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The snapshot format of a keyed state backend: a header, then one length-prefixed block per
 * non-empty key group, then {@code -1}.
 *
 * <pre>
 * int magic 'SLKS', int version, int maxParallelism
 * { int keyGroup, int length, byte[length] block }*   int -1
 * block (Kryo): varint parts; per part: byte type (0 state, 1 timers), string name,
 *   state:  string kind, boolean namespaced, varint keys, { key, [varint n, {namespace, value}*] | value }*
 *   timers: varint count, { long timestamp, key, namespace }*
 * </pre>
 *
 * Length prefixes let a restoring instance skip the key groups it does not own without decoding
 * them, so the snapshots of all old instances can be offered to every new one when the parallelism
 * changes. A block holds the parts of each of the group's slices one after the other (a state or
 * timer queue may have one part per slice); a restore files each key in its slice again.
 */
final class KeyGroupSnapshots {

    private static final int MAGIC = 0x534c4b53;
    private static final int VERSION = 1;
    private static final byte STATE = 0;
    private static final byte TIMERS = 1;

    private KeyGroupSnapshots() {
    }

    static <K> void write(HeapKeyedStateBackend<K> backend, OutputStream stream) throws IOException {
        List<StateTable> tables = List.copyOf(backend.tables.values());
        List<TimerQueue<?, ?>> queues = List.copyOf(backend.timerQueues.values());
        writeGroups(stream, backend.getMaxParallelism(), backend.getKeyGroupRange(), backend.slices,
                (slice, block) -> serializeSlice(tables, liveBuckets(tables, slice), queues, liveTimers(queues, slice),
                        backend.serializer(), block));
    }

    /** Appends the parts of one slice to a key group's block and returns how many it appended. */
    @FunctionalInterface
    interface SliceWriter {
        int write(int slice, Output block) throws IOException;
    }

    /**
     * Writes a whole snapshot: the header, one block per non-empty key group of {@code range} made of
     * what {@code writer} appends for each of the group's slices, in order, then the end mark.
     */
    static void writeGroups(OutputStream stream, int maxParallelism, KeyGroupRange range, KeyGroupSlices slices,
                            SliceWriter writer) throws IOException {
        DataOutputStream out = new DataOutputStream(stream);
        writeHeader(out, maxParallelism);
        Output group = new Output(64 * 1024, -1);
        Output header = new Output(8);
        for (int index = 0; index < range.size(); index++) {
            group.reset();
            int parts = 0;
            int first = slices.firstSliceOf(index);
            for (int slice = first; slice < first + slices.perGroup(); slice++) {
                parts += writer.write(slice, group);
            }
            writeBlock(out, header, range.start() + index, parts, group.getBuffer(), group.position());
        }
        writeEnd(out);
    }

    private static StateMap.Entry[][] liveBuckets(List<StateTable> tables, int slice) {
        StateMap.Entry[][] buckets = new StateMap.Entry[tables.size()][];
        for (int t = 0; t < buckets.length; t++) {
            StateMap map = tables.get(t).slices[slice];
            buckets[t] = map == null || map.isEmpty() ? null : map.buckets();
        }
        return buckets;
    }

    @SuppressWarnings("unchecked")
    private static List<? extends InternalTimer<?, ?>>[] liveTimers(List<TimerQueue<?, ?>> queues, int slice) {
        List<? extends InternalTimer<?, ?>>[] timers = new List[queues.size()];
        for (int q = 0; q < timers.length; q++) {
            timers[q] = queues.get(q).timersOfSlice(slice);
        }
        return timers;
    }

    private static void writeHeader(DataOutputStream out, int maxParallelism) throws IOException {
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeInt(maxParallelism);
    }

    /** Writes the block of a key group made of {@code parts} parts ({@code data}); nothing if there are none. */
    private static void writeBlock(DataOutputStream out, Output header, int keyGroup, int parts, byte[] data, int length)
            throws IOException {
        if (parts == 0) {
            return;
        }
        header.reset();
        header.writeVarInt(parts, true);
        out.writeInt(keyGroup);
        out.writeInt(header.position() + length);
        out.write(header.getBuffer(), 0, header.position());
        out.write(data, 0, length);
    }

    private static void writeEnd(DataOutputStream out) throws IOException {
        out.writeInt(-1);
        out.flush();
    }

    /**
     * Appends the parts of one slice to {@code block} and returns how many it appended: the entries
     * reachable from {@code buckets} (per state in {@code tables}, null when empty) and {@code timers}
     * (per queue in {@code queues}, null when none). Reads nothing else, so the writer thread can
     * serialize a frozen slice while the task thread goes on with the live state.
     */
    static int serializeSlice(List<StateTable> tables, StateMap.Entry[][] buckets, List<TimerQueue<?, ?>> queues,
                              List<? extends InternalTimer<?, ?>>[] timers, StateSerializer serializer, Output block) {
        int parts = 0;
        for (int t = 0; t < buckets.length; t++) {
            if (buckets[t] != null) {
                writeTable(block, tables.get(t), buckets[t], serializer);
                parts++;
            }
        }
        for (int q = 0; q < timers.length; q++) {
            if (timers[q] != null && !timers[q].isEmpty()) {
                parts++;
                block.writeByte(TIMERS);
                block.writeString(queues.get(q).name());
                block.writeVarInt(timers[q].size(), true);
                for (InternalTimer<?, ?> timer : timers[q]) {
                    block.writeLong(timer.getTimestamp());
                    serializer.write(block, timer.getKey());
                    serializer.write(block, timer.getNamespace());
                }
            }
        }
        return parts;
    }

    private static void writeTable(Output block, StateTable table, StateMap.Entry[] buckets, StateSerializer serializer) {
        int keys = 0;
        for (StateMap.Entry head : buckets) {
            for (StateMap.Entry e = head; e != null; e = e.next) {
                keys++;
            }
        }
        block.writeByte(STATE);
        block.writeString(table.name);
        block.writeString(table.kind);
        block.writeBoolean(table.namespaced);
        block.writeVarInt(keys, true);
        for (StateMap.Entry head : buckets) {
            for (StateMap.Entry e = head; e != null; e = e.next) {
                serializer.write(block, e.key);
                if (!table.namespaced) {
                    serializer.write(block, e.value);
                    continue;
                }
                HashMap<?, ?> inner = (HashMap<?, ?>) e.value;
                block.writeVarInt(inner.size(), true);
                for (Map.Entry<?, ?> namespaced : inner.entrySet()) {
                    serializer.write(block, namespaced.getKey());
                    serializer.write(block, namespaced.getValue());
                }
            }
        }
    }

    /** Adds the key groups of {@code stream} that the backend owns; may be called once per old instance. */
    static <K> int read(HeapKeyedStateBackend<K> backend, InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        if (in.readInt() != MAGIC) {
            throw new IOException("not a keyed state snapshot (wrong magic number)");
        }
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException("keyed state snapshot version " + version + " is not supported (expected " + VERSION + ")");
        }
        int maxParallelism = in.readInt();
        if (maxParallelism != backend.getMaxParallelism()) {
            throw new IOException("the state was written with max parallelism " + maxParallelism + " but the operator now has "
                    + backend.getMaxParallelism() + "; the max parallelism (number of key groups) of a keyed operator "
                    + "cannot change between runs");
        }
        KeyGroupRange range = backend.getKeyGroupRange();
        StateSerializer serializer = backend.serializer();
        int restored = 0;
        int keyGroup;
        while ((keyGroup = in.readInt()) != -1) {
            int length = in.readInt();
            if (!range.contains(keyGroup)) {
                in.skipNBytes(length);
                continue;
            }
            Input block = new Input(in.readNBytes(length));
            int index = keyGroup - range.start();
            int parts = block.readVarInt(true);
            for (int p = 0; p < parts; p++) {
                byte type = block.readByte();
                String name = block.readString();
                if (type == STATE) {
                    readTable(backend, block, name, index, serializer);
                } else if (type == TIMERS) {
                    readTimers(backend, block, name, index, serializer);
                } else {
                    throw new IOException("corrupt keyed state snapshot: unknown part type " + type + " in key group " + keyGroup);
                }
            }
            restored++;
        }
        return restored;
    }

    @SuppressWarnings("unchecked")
    private static <K> void readTable(HeapKeyedStateBackend<K> backend, Input block, String name, int index,
            StateSerializer serializer) throws IOException {
        String kind = block.readString();
        boolean namespaced = block.readBoolean();
        StateTable table = backend.tables.computeIfAbsent(name,
                n -> new StateTable(n, kind, namespaced, backend.slices.count(), backend.versions));
        if (!table.kind.equals(kind) || table.namespaced != namespaced) {
            throw new IOException("state '" + name + "' is a " + table.kind + " state here but a " + kind
                    + " state in the snapshot");
        }
        int keys = block.readVarInt(true);
        for (int k = 0; k < keys; k++) {
            Object key = serializer.read(block);
            StateMap map = table.slice(backend.sliceOf(index, key));
            if (!namespaced) {
                map.put(key, serializer.read(block));
                continue;
            }
            int count = block.readVarInt(true);
            HashMap<Object, Object> inner = (HashMap<Object, Object>) map.get(key, backend::copyNamespaces);
            if (inner == null) {
                inner = new HashMap<>(4);
                map.put(key, inner);
            }
            for (int i = 0; i < count; i++) {
                Object namespace = serializer.read(block);
                inner.put(namespace, serializer.read(block));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <K> void readTimers(HeapKeyedStateBackend<K> backend, Input block, String name, int index,
            StateSerializer serializer) {
        TimerQueue<K, Object> queue = backend.getTimerQueue(name);
        int count = block.readVarInt(true);
        for (int i = 0; i < count; i++) {
            long timestamp = block.readLong();
            K key = (K) serializer.read(block);
            Object namespace = serializer.read(block);
            queue.add(timestamp, key, namespace, backend.sliceOf(index, key));
        }
    }
}
