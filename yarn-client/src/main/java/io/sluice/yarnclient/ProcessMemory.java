package io.sluice.yarnclient;

import io.sluice.config.IllegalConfigurationException;
import io.sluice.config.MemorySize;
import java.util.List;

/**
 * How one container's memory is split, so that the JVM stays inside what YARN enforces: heap,
 * metaspace and direct memory get explicit limits, and the rest is left for the JVM itself
 * (threads, code cache, GC), because a container that exceeds its size is killed by the NodeManager.
 *
 * @param processMb what is requested from YARN
 */
public record ProcessMemory(long processMb, long heapMb, long metaspaceMb, long directMb, long overheadMb) {

    private static final long MIN_HEAP_MB = 128;

    public static ProcessMemory of(MemorySize processSize, String optionKey, long directMb) {
        long process = processSize.getMebiBytes();
        long overhead = Math.max(192, Math.min(1024, process / 10));
        long metaspace = 192;
        long heap = process - overhead - metaspace - directMb;
        if (heap < MIN_HEAP_MB) {
            throw new IllegalConfigurationException(optionKey + " = " + processSize + " is too small: after "
                    + overhead + " MB JVM overhead, " + metaspace + " MB metaspace and " + directMb
                    + " MB direct memory less than " + MIN_HEAP_MB + " MB heap would remain; use at least "
                    + (overhead + metaspace + directMb + MIN_HEAP_MB) + "m");
        }
        return new ProcessMemory(process, heap, metaspace, directMb, overhead);
    }

    public static ProcessMemory jobManager(MemorySize size) {
        return of(size, YarnOptions.JOBMANAGER_PROCESS_SIZE.key(), 64);
    }

    public static ProcessMemory taskManager(MemorySize size) {
        return of(size, YarnOptions.TASKMANAGER_PROCESS_SIZE.key(), 128);
    }

    public List<String> jvmArgs() {
        return List.of("-Xms" + heapMb + "m", "-Xmx" + heapMb + "m", "-XX:MaxMetaspaceSize=" + metaspaceMb + "m",
                "-XX:MaxDirectMemorySize=" + directMb + "m");
    }
}
