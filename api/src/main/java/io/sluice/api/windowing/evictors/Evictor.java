package io.sluice.api.windowing.evictors;

import io.sluice.api.windowing.windows.Window;
import java.io.Serializable;
import java.util.List;

/**
 * Removes records from a window before its function runs (sliding count windows). A window with an
 * evictor keeps all its records instead of an incremental aggregate.
 */
@FunctionalInterface
public interface Evictor<T, W extends Window> extends Serializable {

    /** Removes records from {@code elements} (in arrival order); what remains is evaluated and kept. */
    void evictBefore(List<T> elements, W window);
}
