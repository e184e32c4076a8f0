package io.sluice.jobmaster;

import java.time.Duration;

/**
 * Decides whether and when a failed job is restarted. The JobMaster calls {@link #onFailure()} once per
 * job failure (task failures that arrive while the job is already failing or restarting are part of that
 * one failure), then {@link #restartDelay()} for the pause before the restart.
 *
 * <p>Strategies that look at time read it from the clock they were built with, never from the system
 * directly, so tests drive them with a manual clock. Instances keep state and belong to one job.
 */
public interface RestartStrategy {

    /** Records a failure at the strategy's current time and answers whether the job may restart. */
    boolean onFailure();

    /**
     * The pause before the restart that the last {@link #onFailure()} allowed. Decided by that call and
     * the same on every read until the next failure, so what is logged is what is waited.
     */
    Duration restartDelay();

    /** For logs and failure messages, e.g. "fixed-delay (3 attempts, 1 s apart, ...)". */
    String describe();
}
