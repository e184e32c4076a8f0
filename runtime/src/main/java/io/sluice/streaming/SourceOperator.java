package io.sluice.streaming;

/**
 * The head of a chain. The task drives a source by calling {@link #emitNext()} in a loop; between
 * two calls the task checks for cancellation (and, later, injects checkpoint barriers and snapshots
 * the source's position), so a source must return after a bounded batch of records or a short wait.
 */
public interface SourceOperator<OUT> extends StreamOperator<OUT> {

    enum Status { MORE_AVAILABLE, END_OF_INPUT }

    /** Emits at most one batch of records, or waits briefly when none may be emitted yet. */
    Status emitNext() throws Exception;
}
