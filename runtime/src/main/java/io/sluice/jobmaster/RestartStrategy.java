package io.sluice.jobmaster;

import java.time.Duration;

/**
 * Decides whether and when a failed job is restarted. The JobMaster asks after each failure;
 * implementations count the failures they were told about.
 */
public interface RestartStrategy {

    /** Records a failure and answers whether the job may restart. */
    boolean onFailure();

    /** How long to wait before the restart. */
    Duration restartDelay();

    /** For logs and failure messages, e.g. "fixed-delay (3 attempts, 1 s apart)". */
    String describe();
}
