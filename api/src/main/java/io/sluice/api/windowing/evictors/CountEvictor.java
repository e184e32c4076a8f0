package io.sluice.api.windowing.evictors;

import io.sluice.api.windowing.windows.Window;
import java.util.List;

/** Keeps the last {@code maxCount} records of a window. */
public final class CountEvictor<W extends Window> implements Evictor<Object, W> {

    private static final long serialVersionUID = 1L;

    private final long maxCount;

    private CountEvictor(long maxCount) {
        if (maxCount < 1) {
            throw new IllegalArgumentException("a count evictor needs a count of at least 1, was " + maxCount);
        }
        this.maxCount = maxCount;
    }

    public static <W extends Window> CountEvictor<W> of(long maxCount) {
        return new CountEvictor<>(maxCount);
    }

    @Override
    public void evictBefore(List<Object> elements, W window) {
        int excess = (int) Math.max(0, elements.size() - maxCount);
        if (excess > 0) {
            elements.subList(0, excess).clear();
        }
    }
}
