package io.sluice.api.windowing.assigners;

import io.sluice.api.windowing.triggers.ProcessingTimeTrigger;
import io.sluice.api.windowing.triggers.Trigger;
import io.sluice.api.windowing.windows.TimeWindow;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * Sessions in processing time: a record opens the window {@code [t, t + gap)}, and windows that overlap
 * merge, so a session ends after {@code gap} without records of its key.
 */
public final class ProcessingTimeSessionWindows extends MergingWindowAssigner<Object, TimeWindow> {

    private static final long serialVersionUID = 1L;

    private final long gap;

    private ProcessingTimeSessionWindows(long gap) {
        if (gap <= 0) {
            throw new IllegalArgumentException("the session gap must be positive, was " + gap + " ms");
        }
        this.gap = gap;
    }

    public static ProcessingTimeSessionWindows withGap(Duration gap) {
        return new ProcessingTimeSessionWindows(millis(gap, "session gap"));
    }

    @Override
    public Collection<TimeWindow> assignWindows(Object element, long timestamp, WindowAssignerContext context) {
        long start = context.getCurrentProcessingTime();
        return List.of(new TimeWindow(start, start + gap));
    }

    @Override
    public void mergeWindows(Collection<TimeWindow> windows, TimeWindow.MergeCallback<TimeWindow> callback) {
        TimeWindow.mergeWindows(windows, callback);
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Trigger<Object, TimeWindow> getDefaultTrigger() {
        return (Trigger) ProcessingTimeTrigger.create();
    }

    @Override
    public boolean isEventTime() {
        return false;
    }

    @Override
    public String toString() {
        return "ProcessingTimeSessionWindows(" + gap + ")";
    }
}
