package io.sluice.state.timers;

/** Work to do when processing time reaches a registered timestamp; runs on the task's thread. */
@FunctionalInterface
public interface ProcessingTimeCallback {

    void onProcessingTime(long timestamp) throws Exception;
}
