package io.sluice.api.windowing;

import io.sluice.api.OutputTag;
import io.sluice.api.functions.AbstractRichFunction;
import io.sluice.api.functions.Collector;
import io.sluice.api.functions.KeyedStateStore;
import io.sluice.api.windowing.windows.Window;

/**
 * Evaluates a window with its metadata: the key, the window, and all its records (or the one
 * pre-aggregated value when combined with reduce/aggregate). Results carry the window's
 * {@code maxTimestamp()} as their timestamp.
 */
public abstract class ProcessWindowFunction<IN, OUT, KEY, W extends Window> extends AbstractRichFunction {

    private static final long serialVersionUID = 1L;

    public abstract void process(KEY key, Context context, Iterable<IN> elements, Collector<OUT> out) throws Exception;

    /** The window is being removed (end plus allowed lateness): clear what you kept in {@link Context#windowState()}. */
    public void clear(Context context) throws Exception {
    }

    /** Window metadata and state. */
    public abstract class Context {

        public abstract W window();

        public abstract long currentProcessingTime();

        public abstract long currentWatermark();

        /** State of this key and window, e.g. to count firings of a window with allowed lateness. */
        public abstract KeyedStateStore windowState();

        /** State of this key across all windows. */
        public abstract KeyedStateStore globalState();

        public abstract <X> void output(OutputTag<X> tag, X value) throws Exception;
    }
}
