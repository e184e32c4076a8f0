package io.sluice.api.connector;

import java.util.Map;
import java.util.OptionalLong;

/** What a source reader or sink writer may know about the parallel instance it runs in. */
public interface ConnectorContext {

    /** Index of this parallel instance, from 0. */
    int subtaskIndex();

    /** Number of parallel instances of the source or sink. */
    int parallelism();

    /** 0 for the first run of this instance, higher after each restart. */
    int attemptNumber();

    /** Name of the task, for log lines and messages. */
    String taskName();

    /** The job's settings over the cluster's (e.g. to read a connector's options). */
    Map<String, String> jobConfiguration();

    /** True when the job takes checkpoints, so the reader or writer sees checkpoint calls. */
    boolean isCheckpointingEnabled();

    /** The checkpoint this instance was restored from; empty on a fresh start. */
    OptionalLong restoredCheckpointId();

    /** Loads the job's own classes (the job jar), e.g. to deserialize the job's types. */
    ClassLoader userCodeClassLoader();
}
