package io.sluice.network.buffer;

import java.util.ArrayDeque;

/**
 * All network memory of a TaskManager: {@code numberOfSegments} segments of {@code segmentSize}
 * bytes. Segments are allocated on first use and then reused, so a TaskManager that moves little
 * data holds little memory, and one that moves much never holds more than the configured total.
 * Tasks never take segments from here directly but through their {@link LocalBufferPool}s.
 */
public final class NetworkBufferPool {

    private final int segmentSize;
    private final int numberOfSegments;
    private final ArrayDeque<byte[]> free = new ArrayDeque<>();
    private int allocated;
    private int inPools;
    private int peakInPools;

    public NetworkBufferPool(int numberOfSegments, int segmentSize) {
        if (numberOfSegments < 1 || segmentSize < 64) {
            throw new IllegalArgumentException("network memory needs at least one buffer of at least 64 bytes, was "
                    + numberOfSegments + " x " + segmentSize);
        }
        this.numberOfSegments = numberOfSegments;
        this.segmentSize = segmentSize;
    }

    public int segmentSize() {
        return segmentSize;
    }

    public int totalSegments() {
        return numberOfSegments;
    }

    /** Segments currently handed to local pools (in use or held free by them). */
    public synchronized int segmentsInPools() {
        return inPools;
    }

    /** The most segments ever handed out at once; never above {@link #totalSegments()}. */
    public synchronized int peakSegmentsInPools() {
        return peakInPools;
    }

    public synchronized int availableSegments() {
        return numberOfSegments - inPools;
    }

    /** A segment, or null when all are taken. */
    synchronized byte[] tryRequest() {
        if (inPools >= numberOfSegments) {
            return null;
        }
        byte[] segment = free.poll();
        if (segment == null) {
            segment = new byte[segmentSize];
            allocated++;
        }
        inPools++;
        peakInPools = Math.max(peakInPools, inPools);
        return segment;
    }

    synchronized void recycle(byte[] segment) {
        inPools--;
        free.push(segment);
    }

    /**
     * A pool that is guaranteed {@code min} segments (taken now) and may grow to {@code max} while
     * segments are free here. {@code what} names the owner in the error when memory is short.
     */
    public LocalBufferPool createLocalPool(int min, int max, String what) throws InsufficientBuffersException {
        return new LocalBufferPool(this, min, max, what);
    }
}
