package io.sluice.api.windowing.assigners;

import io.sluice.api.windowing.windows.TimeWindow;
import io.sluice.api.windowing.windows.Window;
import java.util.Collection;

/** An assigner whose windows grow together (sessions): overlapping windows become one, with their state merged. */
public abstract class MergingWindowAssigner<T, W extends Window> extends WindowAssigner<T, W> {

    private static final long serialVersionUID = 1L;

    /** Calls {@code callback} once for every group of {@code windows} that must become one window. */
    public abstract void mergeWindows(Collection<W> windows, TimeWindow.MergeCallback<W> callback);
}
