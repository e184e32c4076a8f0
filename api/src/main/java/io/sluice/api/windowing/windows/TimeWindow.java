package io.sluice.api.windowing.windows;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The time interval {@code [start, end)} in milliseconds. */
public final class TimeWindow extends Window {

    private static final long serialVersionUID = 1L;

    private final long start;
    private final long end;

    public TimeWindow(long start, long end) {
        this.start = start;
        this.end = end;
    }

    public long getStart() {
        return start;
    }

    public long getEnd() {
        return end;
    }

    @Override
    public long maxTimestamp() {
        return end - 1;
    }

    public boolean intersects(TimeWindow other) {
        return start <= other.end && end >= other.start;
    }

    /** The smallest window containing both. */
    public TimeWindow cover(TimeWindow other) {
        return new TimeWindow(Math.min(start, other.start), Math.max(end, other.end));
    }

    /** Start of the window of size {@code windowSize} (aligned to {@code offset}) that contains {@code timestamp}. */
    public static long getWindowStartWithOffset(long timestamp, long offset, long windowSize) {
        long remainder = (timestamp - offset) % windowSize;
        return remainder < 0 ? timestamp - (remainder + windowSize) : timestamp - remainder;
    }

    /** Callback of {@link #mergeWindows}: {@code toBeMerged} become {@code mergeResult}. */
    public interface MergeCallback<W> {
        void merge(Collection<W> toBeMerged, W mergeResult);
    }

    /** Merges overlapping windows (session windows); calls back once per group of two or more. */
    public static void mergeWindows(Collection<TimeWindow> windows, MergeCallback<TimeWindow> callback) {
        List<TimeWindow> sorted = new ArrayList<>(windows);
        sorted.sort((a, b) -> Long.compare(a.start, b.start));
        TimeWindow current = null;
        List<TimeWindow> group = new ArrayList<>();
        for (TimeWindow window : sorted) {
            if (current == null) {
                current = window;
                group.add(window);
            } else if (current.intersects(window)) {
                current = current.cover(window);
                group.add(window);
            } else {
                if (group.size() > 1) {
                    callback.merge(group, current);
                }
                current = window;
                group = new ArrayList<>();
                group.add(window);
            }
        }
        if (group.size() > 1) {
            callback.merge(group, current);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TimeWindow other && start == other.start && end == other.end;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(start) * 31 + Long.hashCode(end);
    }

    @Override
    public String toString() {
        return "TimeWindow[" + start + ", " + end + ")";
    }
}
