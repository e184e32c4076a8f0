package io.sluice.benchmarks;

import io.sluice.state.HeapKeyedStateBackend;
import io.sluice.state.KeyGroupRange;
import io.sluice.state.KeyedStateSnapshot;
import io.sluice.state.ValueState;
import io.sluice.state.ValueStateDescriptor;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The task-thread pause and the duration of a checkpoint of heap keyed state of a given size, and
 * the time to restore it: one operator instance owning all 128 key groups, values of 100 bytes.
 *
 * <p>For each size: fill the state; freeze it ({@code snapshotAsync}, the synchronous part, on the
 * "task" thread); write it on another thread to a local file while the task thread keeps updating
 * random keys (serialize-on-first-touch makes some of those updates serialize a slice first);
 * report the freeze time, the longest single update during the write (the worst pause a record
 * sees), the updates done meanwhile, how much of the state the task thread serialized itself, the
 * write time and size; then the longest update over as long a time with no checkpoint (the floor of
 * GC and scheduling noise on this machine); then restore the file into a fresh backend.
 *
 * <p>The pause is bounded by the serialization of one slice (about 1/4096 of the instance's state).
 *
 * <p>usage: CheckpointStateBenchmark [--sizes-mb 10,100,1000] [--max-parallelism 128] [--dir /tmp]
 */
public final class CheckpointStateBenchmark {

    private static final int VALUE_BYTES = 100;
    /** Serialized bytes per entry: key, value, Kryo's class tags and lengths (measured on a small state). */
    private static final int ENTRY_BYTES = 113;

    private CheckpointStateBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String sizes = "10,100,1000";
        int maxParallelism = 128;
        Path dir = Path.of(System.getProperty("java.io.tmpdir"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--sizes-mb" -> sizes = args[i + 1];
                case "--dir" -> dir = Path.of(args[i + 1]);
                case "--max-parallelism" -> maxParallelism = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; options: --sizes-mb 10,100,1000 --max-parallelism 128 --dir <dir>");
            }
        }
        run(1, dir, maxParallelism, false); // warm-up: class loading and JIT, not reported
        for (String size : sizes.split(",")) {
            System.gc();
            run(Long.parseLong(size.trim()), dir, maxParallelism, true);
        }
    }

    private static long gcMillis() {
        return java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime).sum();
    }

    private static void run(long megabytes, Path dir, int maxParallelism, boolean report) throws Exception {
        long keys = megabytes * 1024 * 1024 / ENTRY_BYTES;
        ClassLoader loader = CheckpointStateBenchmark.class.getClassLoader();
        HeapKeyedStateBackend<Long> backend = new HeapKeyedStateBackend<>(maxParallelism,
                new KeyGroupRange(0, maxParallelism - 1), loader);
        ValueState<byte[]> state = backend.getState(new ValueStateDescriptor<>("payload", byte[].class));
        for (long k = 0; k < keys; k++) {
            backend.setCurrentKey(k);
            state.update(new byte[VALUE_BYTES]);
        }

        long freezeStart = System.nanoTime();
        KeyedStateSnapshot snapshot = backend.snapshotAsync();
        long freezeNanos = System.nanoTime() - freezeStart;

        long gcBefore = gcMillis();
        Path file = Files.createTempFile(dir, "checkpoint-bench-", ".state");
        long[] writeNanos = new long[1];
        Throwable[] writeFailure = new Throwable[1];
        Thread writer = new Thread(() -> {
            long start = System.nanoTime();
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024)) {
                snapshot.writeTo(out);
            } catch (Throwable t) {
                writeFailure[0] = t;
            }
            writeNanos[0] = System.nanoTime() - start;
        }, "checkpoint writer");
        writer.start();
        SplittableRandom random = new SplittableRandom(7);
        long updates = 0;
        long maxUpdateNanos = 0;
        byte[] value = new byte[VALUE_BYTES];
        while (writer.isAlive()) {
            long start = System.nanoTime();
            backend.setCurrentKey(random.nextLong(keys));
            state.update(value);
            maxUpdateNanos = Math.max(maxUpdateNanos, System.nanoTime() - start);
            updates++;
        }
        writer.join();
        long gcDuringWrite = gcMillis() - gcBefore;
        if (writeFailure[0] != null) {
            throw new IllegalStateException("the checkpoint write failed", writeFailure[0]);
        }
        long bytes = Files.size(file);
        long serializedByTask = snapshot.bytesSerializedByTask();

        // the same updates for as long again with no checkpoint: what pauses the machine causes anyway
        long quietMaxNanos = 0;
        long quietEnd = System.nanoTime() + writeNanos[0];
        while (System.nanoTime() < quietEnd) {
            long start = System.nanoTime();
            backend.setCurrentKey(random.nextLong(keys));
            state.update(value);
            quietMaxNanos = Math.max(quietMaxNanos, System.nanoTime() - start);
        }

        HeapKeyedStateBackend<Long> restored = new HeapKeyedStateBackend<>(maxParallelism,
                new KeyGroupRange(0, maxParallelism - 1), loader);
        long restoreStart = System.nanoTime();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024)) {
            restored.restore(in);
        }
        long restoreNanos = System.nanoTime() - restoreStart;
        if (restored.numberOfEntries("payload") != keys) {
            throw new IllegalStateException("restored " + restored.numberOfEntries("payload") + " of " + keys + " keys");
        }
        Files.delete(file);
        if (!report) {
            return;
        }
        System.out.printf(Locale.ROOT, "%,d MB state, %d key groups (%,d keys, %,d bytes written): freeze %.3f ms; during the "
                        + "%,.0f ms write %,d updates, longest %.1f ms, the task serialized %.0f %% of the state "
                        + "(GC meanwhile: %d ms in all); longest update without a checkpoint %.1f ms; restore %,.0f ms%n",
                megabytes, maxParallelism, keys, bytes, freezeNanos / 1e6, writeNanos[0] / 1e6, updates,
                maxUpdateNanos / 1e6, 100.0 * serializedByTask / bytes, gcDuringWrite, quietMaxNanos / 1e6,
                restoreNanos / 1e6);
    }
}
