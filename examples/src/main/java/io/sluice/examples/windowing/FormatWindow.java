package io.sluice.examples.windowing;

import io.sluice.api.functions.Collector;
import io.sluice.api.windowing.ProcessWindowFunction;
import io.sluice.api.windowing.windows.TimeWindow;

/** {@code <window start> TAB <window end> TAB <word> TAB <count>} for each fired window. */
public final class FormatWindow extends ProcessWindowFunction<Long, String, String, TimeWindow> {

    private static final long serialVersionUID = 1L;

    @Override
    public void process(String word, Context context, Iterable<Long> counts, Collector<String> out) throws Exception {
        for (Long count : counts) {
            out.collect(context.window().getStart() + "\t" + context.window().getEnd() + "\t" + word + "\t" + count);
        }
    }
}
