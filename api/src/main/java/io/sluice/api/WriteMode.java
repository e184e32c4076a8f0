package io.sluice.api;

/** What a file sink does when its output is already there (from an earlier run). */
public enum WriteMode {
    /**
     * Replace: each parallel instance replaces its own {@code part-<i>} when it finishes, and the
     * first instance removes part files of an earlier run with a higher parallelism, so the
     * directory ends up holding exactly this run's output. Other files are left alone.
     */
    OVERWRITE,
    /** Fail the job at start if the output directory already holds a part file. */
    NO_OVERWRITE
}
