package io.sluice.network.partition;

import io.sluice.network.buffer.Buffer;
import io.sluice.network.buffer.LocalBufferPool;

/**
 * What one producer subtask writes for one outgoing edge: one {@link ResultSubpartition} per
 * consumer subtask, filled from the partition's own bounded {@link LocalBufferPool}. Released when
 * every consumer has read to the end, when the producer fails (consumers then see its failure), or
 * when the job's slot is freed.
 */
public final class ResultPartition {

    private final ResultPartitionId id;
    private final String producerName;
    private final LocalBufferPool bufferPool;
    private final ResultSubpartition[] subpartitions;
    private final Runnable onRelease;
    private volatile Throwable producerFailure;
    private boolean released;
    private int releasedSubpartitions;

    public ResultPartition(ResultPartitionId id, String producerName, int numberOfSubpartitions,
                           LocalBufferPool bufferPool, Runnable onRelease) {
        this.id = id;
        this.producerName = producerName;
        this.bufferPool = bufferPool;
        this.onRelease = onRelease;
        this.subpartitions = new ResultSubpartition[numberOfSubpartitions];
        for (int i = 0; i < numberOfSubpartitions; i++) {
            subpartitions[i] = new ResultSubpartition(this, i);
        }
    }

    public ResultPartitionId id() {
        return id;
    }

    public int numberOfSubpartitions() {
        return subpartitions.length;
    }

    public ResultSubpartition subpartition(int index) {
        return subpartitions[index];
    }

    public LocalBufferPool bufferPool() {
        return bufferPool;
    }

    /** Hands a filled (or flushed) buffer to the consumer of {@code subpartition}. */
    public void add(int subpartition, Buffer buffer) {
        subpartitions[subpartition].add(buffer);
    }

    /** The producer wrote everything (its end-of-partition event is the last element of every subpartition). */
    public void finish() {
        for (ResultSubpartition s : subpartitions) {
            s.finish();
        }
    }

    /** Releases after a producer failure or cancellation; consumers fail with {@code cause}. */
    public void fail(Throwable cause) {
        producerFailure = cause;
        release();
    }

    public void release() {
        synchronized (this) {
            if (released) {
                return;
            }
            released = true;
        }
        for (ResultSubpartition s : subpartitions) {
            s.release();
        }
        bufferPool.destroy();
        onRelease.run();
    }

    void onSubpartitionReleased() {
        boolean all;
        synchronized (this) {
            all = ++releasedSubpartitions == subpartitions.length;
        }
        if (all) {
            release();
        }
    }

    public synchronized boolean isReleased() {
        return released;
    }

    ProducerFailedException failureForConsumers() {
        Throwable cause = producerFailure;
        return new ProducerFailedException("the producer " + producerName + " of partition " + id
                + (cause == null ? " released it" : " failed: " + cause), cause);
    }
}
