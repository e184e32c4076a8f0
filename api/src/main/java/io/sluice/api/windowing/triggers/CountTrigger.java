package io.sluice.api.windowing.triggers;

import io.sluice.api.windowing.windows.Window;
import io.sluice.api.state.ReducingState;
import io.sluice.api.state.ReducingStateDescriptor;

/** Fires every {@code maxCount} records of a window (without purging; wrap it in {@link PurgingTrigger} to restart). */
public final class CountTrigger extends Trigger<Object, Window> {

    private static final long serialVersionUID = 1L;

    private final long maxCount;
    private final ReducingStateDescriptor<Long> countDescriptor = new ReducingStateDescriptor<>("_trigger-count", Long::sum);

    private CountTrigger(long maxCount) {
        if (maxCount < 1) {
            throw new IllegalArgumentException("a count trigger needs a count of at least 1, was " + maxCount);
        }
        this.maxCount = maxCount;
    }

    public static CountTrigger of(long maxCount) {
        return new CountTrigger(maxCount);
    }

    @Override
    public TriggerResult onElement(Object element, long timestamp, Window window, TriggerContext ctx) {
        ReducingState<Long> count = ctx.getPartitionedState(countDescriptor);
        count.add(1L);
        if (count.get() >= maxCount) {
            count.clear();
            return TriggerResult.FIRE;
        }
        return TriggerResult.CONTINUE;
    }

    @Override
    public TriggerResult onEventTime(long time, Window window, TriggerContext ctx) {
        return TriggerResult.CONTINUE;
    }

    @Override
    public TriggerResult onProcessingTime(long time, Window window, TriggerContext ctx) {
        return TriggerResult.CONTINUE;
    }

    @Override
    public boolean canMerge() {
        return true;
    }

    @Override
    public void onMerge(Window window, OnMergeContext ctx) throws Exception {
        ctx.mergePartitionedState(countDescriptor);
    }

    @Override
    public void clear(Window window, TriggerContext ctx) {
        ctx.getPartitionedState(countDescriptor).clear();
    }

    @Override
    public String toString() {
        return "CountTrigger(" + maxCount + ")";
    }
}
