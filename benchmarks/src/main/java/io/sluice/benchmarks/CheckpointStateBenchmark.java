package io.sluice.benchmarks;

import io.sluice.state.HeapKeyedStateBackend;
import io.sluice.state.KeyGroupRange;
import io.sluice.state.KeyedStateSnapshot;
import io.sluice.api.state.ValueState;
import io.sluice.api.state.ValueStateDescriptor;
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
 * random keys with new values, as a job does (copy-on-write: an update of an entry the writer may
 * still read copies it; the first touch of a slice copies its bucket arrays). Report the freeze
 * time, the longest time the task spent freezing a slice (the wait the checkpoint itself causes),
 * the longest single update during the write (what a record saw, garbage collection included), the
 * longest GC pause meanwhile, the updates done, the write time and size; then the same updates for
 * as long again with no checkpoint (the floor of GC and scheduling pauses); then restore the file
 * into a fresh backend.
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

    /** The longest single collection pause while it listens (the JVM's GC notifications). */
    private static final class GcPauses implements javax.management.NotificationListener {
        private final java.util.concurrent.atomic.AtomicLong longest = new java.util.concurrent.atomic.AtomicLong();

        static GcPauses start() {
            GcPauses listener = new GcPauses();
            for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
                ((javax.management.NotificationEmitter) gc).addNotificationListener(listener, null, null);
            }
            return listener;
        }

        @Override
        public void handleNotification(javax.management.Notification notification, Object handback) {
            if (com.sun.management.GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                var info = com.sun.management.GarbageCollectionNotificationInfo.from(
                        (javax.management.openmbean.CompositeData) notification.getUserData());
                longest.accumulateAndGet(info.getGcInfo().getDuration(), Math::max);
            }
        }

        long stopAndGetLongestMillis() throws Exception {
            for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
                ((javax.management.NotificationEmitter) gc).removeNotificationListener(this);
            }
            return longest.get();
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

        GcPauses gcPauses = GcPauses.start();
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
        while (writer.isAlive()) {
            long start = System.nanoTime();
            backend.setCurrentKey(random.nextLong(keys));
            state.update(new byte[VALUE_BYTES]);
            maxUpdateNanos = Math.max(maxUpdateNanos, System.nanoTime() - start);
            updates++;
        }
        writer.join();
        long gcDuringWrite = gcMillis() - gcBefore;
        long longestGcDuringWrite = gcPauses.stopAndGetLongestMillis();
        if (writeFailure[0] != null) {
            throw new IllegalStateException("the checkpoint write failed", writeFailure[0]);
        }
        long bytes = Files.size(file);

        // the same updates for as long again with no checkpoint: what pauses the machine causes anyway
        long quietMaxNanos = 0;
        long quietEnd = System.nanoTime() + writeNanos[0];
        while (System.nanoTime() < quietEnd) {
            long start = System.nanoTime();
            backend.setCurrentKey(random.nextLong(keys));
            state.update(new byte[VALUE_BYTES]);
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
                        + "%,.0f ms write %,d updates, longest slice freeze by the task %.3f ms, longest update %.1f ms "
                        + "(GC meanwhile: %d ms in all, longest pause %d ms); longest update without a checkpoint %.1f ms; "
                        + "restore %,.0f ms%n",
                megabytes, maxParallelism, keys, bytes, freezeNanos / 1e6, writeNanos[0] / 1e6, updates,
                snapshot.longestFreezeByTaskNanos() / 1e6, maxUpdateNanos / 1e6, gcDuringWrite, longestGcDuringWrite,
                quietMaxNanos / 1e6,
                restoreNanos / 1e6);
    }
}
