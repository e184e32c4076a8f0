package io.sluice.api.functions;

import java.util.Map;

/**
 * What a rich function knows about the parallel instance it runs in, and its keyed state. State
 * handles are scoped to the key of the record (or timer) being processed; they are available only
 * in functions applied to a keyed stream ({@code keyBy(...)} first).
 */
public interface RuntimeContext extends KeyedStateStore {

    String getTaskName();

    String getOperatorName();

    int getIndexOfThisSubtask();

    int getNumberOfParallelSubtasks();

    /** Number of key groups; the highest parallelism keyed state can be rescaled to. */
    int getMaxNumberOfParallelSubtasks();

    int getAttemptNumber();

    String getJobName();

    Map<String, String> getJobConfiguration();

    ClassLoader getUserCodeClassLoader();
}
