package io.sluice.state.timers;

/** The operator side of a timer service: called with the timer's key already current. */
public interface Triggerable<K, N> {

    void onEventTime(InternalTimer<K, N> timer) throws Exception;

    void onProcessingTime(InternalTimer<K, N> timer) throws Exception;
}
